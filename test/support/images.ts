/** Small synthetic images for tests, made with sharp (never fixture copies). */
import sharp from 'sharp';

export type Rgb = { r: number; g: number; b: number };

export async function solidImage(
  width: number,
  height: number,
  colour: Rgb,
  format: 'jpeg' | 'png' | 'webp' = 'jpeg',
): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 3, background: colour } });
  return format === 'jpeg' ? image.jpeg().toBuffer() : format === 'png' ? image.png().toBuffer() : image.webp().toBuffer();
}

/** A person-photo stand-in: grey with a red top-left pixel when `refused` (the test engine's no_person trigger). */
export async function personImage(options: { refused?: boolean; width?: number; height?: number } = {}): Promise<Buffer> {
  const width = options.width ?? 300;
  const height = options.height ?? 400;
  const base = sharp({ create: { width, height, channels: 3, background: { r: 128, g: 128, b: 128 } } });
  if (!options.refused) return base.png().toBuffer();
  const red = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 255, g: 0, b: 0 } } })
    .png()
    .toBuffer();
  return base.composite([{ input: red, top: 0, left: 0 }]).png().toBuffer();
}

export function dataUri(bytes: Buffer, type = 'image/png'): string {
  return `data:${type};base64,${bytes.toString('base64')}`;
}
