import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.ts';

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
