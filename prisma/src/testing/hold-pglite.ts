// Test helper, run as its own process: opens the PGlite folder argv[2] as owner argv[3], says "open", and holds it
// until SIGTERM, when it closes the database and exits.
import { openDatabase } from '../database.ts';

const db = await openDatabase({ url: '', pgliteDir: process.argv[2], owner: process.argv[3] });
await db.sql.query('SELECT 1');
// An idle PGlite does not keep the event loop alive: hold it open until told to stop. The handler is in place
// before "open" is said, so a SIGTERM sent the moment the test hears it closes the database.
const holding = setInterval(() => undefined, 60_000);
process.on('SIGTERM', () => {
  clearInterval(holding);
  void db.close().then(() => process.exit(0));
});
process.stdout.write('open\n');
