import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.ts';
import { createStageProgress, timeLeft } from './stage-progress.ts';

/** A log or CI stream (not a terminal) that keeps what is written. */
function logStream(): { stream: NodeJS.WriteStream; lines: string[] } {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (text: string) => lines.push(...text.trimEnd().split('\n')) } as unknown as NodeJS.WriteStream;
  return { stream, lines };
}

describe('progress in logs', () => {
  it('counts items with their total and percentage', () => {
    const { stream, lines } = logStream();
    const progress = createProgress({ label: 'import', total: 200, unit: 'events', fields: ['loss'], stream });
    progress.update(50, { loss: 1.5 });
    progress.stop();
    expect(lines[0]).toMatch(/^import: 50\/200 \(25%\) events in \d+\.\d s loss=1\.5$/);
  });

  it('shows a percentage bar as a percentage alone, and leaves an empty message out', () => {
    const { stream, lines } = logStream();
    const progress = createProgress({ label: 'meta:text', total: 100, unit: '%', fields: ['at'], stream });
    progress.update(67, { at: 'step 266/400' });
    progress.update(100, { at: '' });
    progress.stop();
    expect(lines[0]).toMatch(/^meta:text: 67% in \d+\.\d s at=step 266\/400$/);
    expect(lines.at(-1)).toMatch(/^meta:text: 100% in \d+\.\d s$/);
  });
});

describe('stage progress', () => {
  it('shows the time left of the whole run beside each stage, once the flow can tell it', () => {
    const { stream, lines } = logStream();
    const now = Date.parse('2026-12-06T10:00:00Z');
    const stages = createStageProgress({ now: () => now, stream });
    stages.update('pretrain:id', 0.5, 'epoch 25/50');
    stages.update('meta:id', 0.2, 'step 80/400', new Date(now + 31 * 60_000));
    stages.stop();
    expect(lines[0]).toMatch(/^pretrain:id: 50% in \d+\.\d s at=epoch 25\/50$/);
    expect(lines.at(-1)).toMatch(/^meta:id: 20% in \d+\.\d s at=step 80\/400 run=about 31 min left$/);
  });

  it('words the time left as an estimate', () => {
    expect(timeLeft(20_000)).toBe('under a minute left');
    expect(timeLeft(-5_000)).toBe('under a minute left');
    expect(timeLeft(14.6 * 60_000)).toBe('about 15 min left');
    expect(timeLeft(65 * 60_000)).toBe('about 1 h 05 min left');
  });
});
