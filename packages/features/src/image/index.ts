// What the api needs of images without an encoder: the limits, and format and size from the content itself.
export { IMAGE_FETCH_TIMEOUT_MS, MAX_IMAGE_BYTES, MAX_IMAGE_MEGAPIXELS } from './image-limits.ts';
export { readImageHeader, sniffImageFormat, type ImageHeader, type SniffedFormat } from './image-format.ts';
