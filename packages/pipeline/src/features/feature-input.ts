import { createHash } from 'node:crypto';
import type { ImageInput, Modality } from '@fewshot/features/encoder';
import { itemText } from '@fewshot/features/item-text';

/** The columns the encoders read from an item. */
export interface ItemForFeatures {
  id: number;
  title: string;
  description: string | null;
  attributes: unknown;
  imageUri: string | null;
}

/**
 * What an encoder makes of an item: an input to encode, a failure known before encoding (a blank title), or
 * nothing at all (no image reference: the model uses zeros, and no row should exist). `sourceSha256` fingerprints
 * the input, so a row computed from another input (a retitled item, a replaced poster) is recognised as stale.
 */
export type FeatureInput =
  | { kind: 'encode'; input: string | ImageInput; sourceSha256: string }
  | { kind: 'fail'; error: string; sourceSha256: string }
  | { kind: 'none' };

export function featureInput(modality: Modality, item: ItemForFeatures): FeatureInput {
  if (modality === 'TEXT') {
    const text = itemText(item);
    return text.ok
      ? { kind: 'encode', input: text.text, sourceSha256: sha256(`text:${text.text}`) }
      : { kind: 'fail', error: text.error, sourceSha256: sha256(`text-error:${text.error}`) };
  }
  // NOTE: the reference, not the file's bytes: hashing every poster on every run would read the whole image set.
  // A file replaced under the same name is picked up by giving it a new name (or by --retry-failed if it failed).
  // Images stored through the API are referenced by their content's sha256 (stored-image.ts): always current.
  if (!item.imageUri) return { kind: 'none' };
  return { kind: 'encode', input: { uri: item.imageUri }, sourceSha256: sha256(`image:${item.imageUri}`) };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
