import { createProgress, type Progress } from './progress.ts';

/**
 * A reporter for multi-stage flows (training, evaluation): one bar per stage, in percent, with its message and, where
 * the flow can tell when it will end, the time left of the whole run (a stage's own bar only knows its stage).
 */
export function createStageProgress({ prefix = '', now = Date.now, stream }: { prefix?: string; now?: () => number; stream?: NodeJS.WriteStream } = {}): {
  update(stage: string, fraction: number, message?: string, finishesAt?: Date): void;
  stop(): void;
} {
  let bar: Progress | undefined;
  let current = '';
  return {
    update(stage, fraction, message, finishesAt) {
      if (stage !== current) {
        bar?.update(100);
        bar?.stop();
        current = stage;
        bar = createProgress({ label: `${prefix}${stage}`, total: 100, unit: '%', fields: ['at', 'run'], ...(stream ? { stream } : {}) });
      }
      bar?.update(Math.round(Math.min(1, Math.max(0, fraction)) * 100), { at: message ?? '', run: finishesAt ? timeLeft(finishesAt.getTime() - now()) : '' });
    },
    stop() {
      bar?.stop();
      bar = undefined;
      current = '';
    },
  };
}

/** "about 32 min left", "about 1 h 05 min left", "under a minute left": rounded as an estimate should be. */
export function timeLeft(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'under a minute left';
  if (minutes < 60) return `about ${minutes} min left`;
  return `about ${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min left`;
}
