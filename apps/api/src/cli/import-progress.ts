import type { ImportProgress } from '@fewshot/pipeline/import';
import { createProgress, type Progress } from './progress.ts';

/** Import progress on the terminal: one bar per file, in megabytes read, with the row count beside it. */
export function createCliImportProgress(): ImportProgress {
  let bar: Progress | null = null;
  const started = performance.now();
  const megabytes = (bytes: number) => Math.round(bytes / 1e4) / 100;
  return {
    startFile(file, bytes) {
      bar = createProgress({ label: file, total: megabytes(bytes), unit: 'MB', fields: ['rows'] });
    },
    bytes(bytesRead, rows) {
      bar?.update(megabytes(bytesRead), { rows });
    },
    endFile() {
      bar?.stop();
      bar = null;
    },
    phase(message) {
      process.stderr.write(`${((performance.now() - started) / 1000).toFixed(1)} s: ${message}…\n`);
    },
  };
}
