/**
 * Bounds on what an image may cost before it is rejected with a reason instead of exhausting a worker's memory.
 * A poster is ~30 KB and 0.05 MP; product photos are a few MB. These allow 100× that and refuse the rest.
 */
export const MAX_IMAGE_BYTES = 25 * 1024 * 1024;
export const MAX_IMAGE_MEGAPIXELS = 40;
export const IMAGE_FETCH_TIMEOUT_MS = 15_000;
