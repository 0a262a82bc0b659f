import { badInput } from '../errors.ts';
import type { AllowedHost } from '../images/address-policy.ts';
import { fetchImageUrl, ImageFetchError } from '../images/fetch-image-url.ts';
import { acceptImage, type AcceptedImage } from '../images/item-image.ts';
import { Upload } from '../uploads/upload.ts';

export interface ImageSources {
  /** The `image` argument: a file from a multipart request. */
  upload?: unknown;
  /** `input.imageUrl`, already checked to be an http(s) URL. */
  imageUrl?: string;
}

/**
 * The image a write brings, if any: an uploaded file, or the bytes behind an image URL fetched SSRF-safely
 * (fetch-image-url.ts), either way checked by content before anything is stored. Failures are BAD_USER_INPUT
 * naming the field.
 */
export async function acquireImage({ upload, imageUrl }: ImageSources, allowHosts: readonly AllowedHost[]): Promise<AcceptedImage | null> {
  if (upload != null && imageUrl !== undefined) throw badInput('give either an uploaded image or input.imageUrl, not both', 'image');
  if (upload != null) {
    if (!(upload instanceof Upload)) throw badInput('image must be a file sent in a multipart request', 'image');
    return acceptImage(upload.bytes, 'image');
  }
  if (imageUrl === undefined) return null;
  try {
    const { bytes } = await fetchImageUrl(imageUrl, { allowHosts });
    return acceptImage(bytes, 'input.imageUrl', imageUrl);
  } catch (error) {
    if (error instanceof ImageFetchError) throw badInput(`input.imageUrl: ${error.message}`, 'input.imageUrl');
    throw error;
  }
}
