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

/** A 24-bit bottom-up BMP of an image, written by hand. */
export async function toBmp(image: Buffer): Promise<Buffer> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const rowBytes = Math.ceil((info.width * 3) / 4) * 4;
  const file = Buffer.alloc(54 + rowBytes * info.height);
  file.write('BM', 0, 'latin1');
  file.writeUInt32LE(file.length, 2);
  file.writeUInt32LE(54, 10);
  file.writeUInt32LE(40, 14);
  file.writeInt32LE(info.width, 18);
  file.writeInt32LE(info.height, 22);
  file.writeUInt16LE(1, 26);
  file.writeUInt16LE(24, 28);
  for (let y = 0; y < info.height; y++) {
    const row = 54 + (info.height - 1 - y) * rowBytes;
    for (let x = 0; x < info.width; x++) {
      const from = (y * info.width + x) * 3;
      file.set([data[from + 2]!, data[from + 1]!, data[from]!], row + x * 3);
    }
  }
  return file;
}
