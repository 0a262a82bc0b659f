import { describe, expect, it } from 'vitest';
import { fewShotReason } from './few-shot-reason.ts';

const decision = { events: 4, knownEvents: 4, cold: true, coldThreshold: 20, adaptsFrom: 3, fewShot: true };

describe('fewShotReason', () => {
  it('names what decided the few-shot path: the cold threshold, the version\'s bounded.minHistory, items it never saw', () => {
    expect(fewShotReason(decision)).toBe('4 events, fewer than the cold threshold (20): the model adapted to them before ranking');
    expect(fewShotReason({ ...decision, knownEvents: 3 })).toBe('4 events, fewer than the cold threshold (20): the model adapted to the 3 on items it was trained on before ranking');
    expect(fewShotReason({ ...decision, events: 25, knownEvents: 25, cold: false, fewShot: false })).toBe('25 events, at or above the cold threshold (20): the meta-trained model ranked as it is, without adapting');
    expect(fewShotReason({ ...decision, events: 1, knownEvents: 1, fewShot: false })).toBe('1 event; this version adapts on 3 or more (bounded.minHistory: fewer made the next pick worse): the meta-trained model ranked as it is, without adapting');
    // Enough events, but some on items added after the version's training: too few left to adapt on.
    expect(fewShotReason({ ...decision, knownEvents: 2, fewShot: false })).toBe('4 events, 2 of them on items this version was trained on; it adapts on 3 or more: the meta-trained model ranked as it is, without adapting');
  });
});
