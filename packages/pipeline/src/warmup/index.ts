export { newItemVectors, type EncoderRecord } from './new-item-vectors.ts';
