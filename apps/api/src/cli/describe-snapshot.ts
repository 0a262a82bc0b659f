import type { TrainingSnapshot } from '@fewshot/pipeline/train';

/** "943 users, 1682 items, 100000 events; learners: id, text (use-lite@…), image (mobilenet-v2@…)". */
export function describeSnapshot(s: TrainingSnapshot): string {
  const learners = ['id', ...s.encoders.map((e) => `${e.modality.toLowerCase()} (${e.name}@${e.version})`)].join(', ');
  return `${s.dataset.sequences.length} users, ${s.dataset.numItems} items, ${s.events} events; learners: ${learners}`;
}
