import type { RgbImage } from './decode-image.ts';

/**
 * Bilinear resize to `size × size` (aspect ratio not kept: the MobileNet backbone was trained on squashed
 * inputs, as nsfwjs feeds it), returning float32 RGB in [0, 1], HWC order: [size, size, 3].
 * Half-pixel centres, the convention of PIL/OpenCV and of most ONNX image models' preprocessing.
 */
export function resizeToSquare(image: RgbImage, size: number): Float32Array {
  const { width, height, data } = image;
  const out = new Float32Array(size * size * 3);
  const scaleX = width / size;
  const scaleY = height / size;
  for (let y = 0; y < size; y++) {
    const sy = Math.min(Math.max((y + 0.5) * scaleY - 0.5, 0), height - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, height - 1);
    const wy = sy - y0;
    for (let x = 0; x < size; x++) {
      const sx = Math.min(Math.max((x + 0.5) * scaleX - 0.5, 0), width - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, width - 1);
      const wx = sx - x0;
      const i00 = (y0 * width + x0) * 3;
      const i01 = (y0 * width + x1) * 3;
      const i10 = (y1 * width + x0) * 3;
      const i11 = (y1 * width + x1) * 3;
      const o = (y * size + x) * 3;
      for (let c = 0; c < 3; c++) {
        const top = (data[i00 + c] as number) * (1 - wx) + (data[i01 + c] as number) * wx;
        const bottom = (data[i10 + c] as number) * (1 - wx) + (data[i11 + c] as number) * wx;
        out[o + c] = (top * (1 - wy) + bottom * wy) / 255;
      }
    }
  }
  return out;
}
