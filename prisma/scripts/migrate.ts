// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the local PGlite folder when unset.
import { migrate, openDatabase } from '../src/index.ts';

const db = await openDatabase();
try {
  const { applied, alreadyApplied } = await migrate(db.sql);
  console.log(`${db.location}: applied ${applied.length} migration(s)${applied.length ? ` (${applied.join(', ')})` : ''}, ${alreadyApplied.length} already applied`);
} finally {
  await db.close();
}
