import { createProgress, type Progress } from './progress.ts';

/** A reporter for multi-stage flows (training, evaluation): one bar per stage, in percent, with its message. */
export function createStageProgress(prefix = ''): { update(stage: string, fraction: number, message?: string): void; stop(): void } {
  let bar: Progress | undefined;
  let current = '';
  return {
    update(stage, fraction, message) {
      if (stage !== current) {
        bar?.update(100);
        bar?.stop();
        current = stage;
        bar = createProgress({ label: `${prefix}${stage}`, total: 100, unit: '%', fields: ['at'] });
      }
      bar?.update(Math.round(Math.min(1, Math.max(0, fraction)) * 100), { at: message ?? '' });
    },
    stop() {
      bar?.stop();
      bar = undefined;
      current = '';
    },
  };
}
