/** What decided a model-served list's few-shot path, as `recommend` saw it. */
export interface FewShotDecision {
  /** The history's length (every event, as `historyLength` says). */
  events: number;
  /** Those on items the serving version was trained on: adaptation can use no other. */
  knownEvents: number;
  /** Whether the user counted as cold (fewer events than the cold threshold). */
  cold: boolean;
  coldThreshold: number;
  /** The fewest known events the version adapts on (its bounded.minHistory). */
  adaptsFrom: number;
  fewShot: boolean;
}

/**
 * Why the few-shot path ran for a list or did not, in words a person reading `fewShot: false` can act on: a warm
 * user, too short a history for this version, or a history on items added after its training.
 */
export function fewShotReason({ events, knownEvents, cold, coldThreshold, adaptsFrom, fewShot }: FewShotDecision): string {
  const count = `${events} ${events === 1 ? 'event' : 'events'}`;
  const asTrained = 'the meta-trained model ranked as it is, without adapting';
  if (!cold) return `${count}, at or above the cold threshold (${coldThreshold}): ${asTrained}`;
  if (fewShot) return `${count}, fewer than the cold threshold (${coldThreshold}): the model adapted to ${knownEvents === events ? 'them' : `the ${knownEvents} on items it was trained on`} before ranking`;
  if (knownEvents < events && events >= adaptsFrom) return `${count}, ${knownEvents} of them on items this version was trained on; it adapts on ${adaptsFrom} or more: ${asTrained}`;
  return `${count}; this version adapts on ${adaptsFrom} or more (bounded.minHistory: fewer made the next pick worse): ${asTrained}`;
}
