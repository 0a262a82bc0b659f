import { defineConfig } from 'vitest/config';
import LongFilesFirstSequencer from './scripts/long-files-first-sequencer.ts';

// One vitest run covers every workspace package, so CI reads a single summary.
export default defineConfig({
  test: {
    projects: ['packages/*', 'prisma', 'apps/api', 'tests/vitest.config.ts', 'tests/vitest.start-command.config.ts'],
    reporters: ['default', './scripts/summary-reporter.ts'],
    // Most files spend their time waiting on processes they start (api, worker, console, PostgreSQL, Chromium), so
    // three run at once; vitest's default on 2 cores is one at a time. Each file isolates what it shares: its own
    // database, free ports, a Redis queue prefix of its own, temporary folders.
    maxWorkers: 3,
    sequence: { sequencer: LongFilesFirstSequencer },
    // The package projects (not tests/, whose files drive processes and a browser) set `isolate: false`: their files
    // share a worker's modules, since each file already isolates what it uses, and module loading (the engine,
    // PGlite, onnxruntime, the encoders) is paid once per worker instead of once per file. Measured 2026-12-06 on 2
    // cores, each project alone, isolated → shared: the api 199 → 170 s (CPU 375 → 319 s), pipeline, features, db
    // and onnx 211 → 169 s (391 → 310 s), the model 105 → 91 s (190 → 171 s).
  },
});
