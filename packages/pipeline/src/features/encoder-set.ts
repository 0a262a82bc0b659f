import type { EncoderInfo, Modality } from '@fewshot/features/encoder';

/** One encoder's identity as stored with vectors (item_features) and with a model version (model_versions.encoders). */
export interface EncoderRef {
  modality: Modality;
  name: string;
  version: string;
  dimension: number;
}

export function encoderRef({ modality, name, version, dimension }: EncoderInfo): EncoderRef {
  return { modality, name, version, dimension };
}

/** Modalities in a fixed order, so a set of encoders always concatenates and hashes the same way. */
export function sortEncoderSet(refs: readonly EncoderRef[]): EncoderRef[] {
  const modalities = new Set<Modality>();
  for (const ref of refs) {
    if (modalities.has(ref.modality)) throw new Error(`two ${ref.modality} encoders in one set: a set has one encoder per modality`);
    modalities.add(ref.modality);
  }
  return [...refs].sort((a, b) => MODALITY_ORDER[a.modality] - MODALITY_ORDER[b.modality]);
}

const MODALITY_ORDER: Record<Modality, number> = { TEXT: 0, IMAGE: 1 };

/** `TEXT=use-lite@0.2.0+item-text.1;IMAGE=mobilenet-v2@…`: names an encoder set in logs and cache keys. */
export function encoderSetKey(refs: readonly EncoderRef[]): string {
  return sortEncoderSet(refs).map((ref) => `${ref.modality}=${ref.name}@${ref.version}`).join(';');
}

/**
 * What a model version stores in `model_versions.encoders`: the exact encoder per modality it was trained on.
 * Serving loads vectors for these refs only, so features from another encoder version are never mixed in.
 */
export function encoderSetRecord(refs: readonly EncoderRef[]): Partial<Record<Modality, Omit<EncoderRef, 'modality'>>> {
  return Object.fromEntries(sortEncoderSet(refs).map(({ modality, ...rest }) => [modality, rest]));
}
