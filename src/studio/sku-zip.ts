/**
 * Unpack a SKU archive (the studio's sku_zip) into SKUs and their images,
 * with yauzl, refusing before anything is stored:
 *  - a file that is not a zip, or a damaged one: invalid_archive;
 *  - an entry whose name is absolute, climbs out with `..`, uses backslashes
 *    or is a symbolic link: archive_unsafe_path;
 *  - an entry larger than one image may be, more entries than MAX_ENTRIES, or
 *    more bytes in total than MAX_TOTAL_BYTES once inflated (a zip bomb):
 *    archive_too_large — judged on the sizes the archive declares, which
 *    yauzl checks against what actually inflates;
 *  - an entry that is not an image: archive_entry_not_image; an image the
 *    image guard refuses: its own code, the entry's path as the field;
 *  - no image at all: archive_empty.
 *
 * Layout: one folder per SKU (`sku-001/front.jpg`, `sku-001/back.jpg`), the
 * folder's name the SKU's name, images in its subfolders belonging to it; a
 * single folder wrapping all of them (what zipping a folder makes) is looked
 * through; an image at the top level is a SKU of its own, named by the file
 * without its extension. macOS metadata (`__MACOSX/`, `._*`) and hidden files
 * (`.DS_Store`) are skipped.
 */
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { DrapeError } from '../errors.js';
import { acceptImage, type AcceptedImage, type ImageLimits } from '../images/image-guard.js';
import { sniffImageFormat } from '../images/image-sniff.js';

/** Images in one archive: 20 SKUs × a few views is typical; a whole season fits. */
export const MAX_ENTRIES = 2_000;
/** Inflated bytes of one archive: what the server holds while it unpacks. */
export const MAX_TOTAL_BYTES = 1024 * 1024 * 1024;

export interface SkuImage {
  /** The path inside the SKU's folder (`front.jpg`, `back/1.jpg`): its words hint the view. */
  name: string;
  image: AcceptedImage;
}

export interface UnpackedSku {
  name: string;
  images: SkuImage[];
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

function skipped(path: string): boolean {
  return path.split('/').some((part) => part.startsWith('.') || part === '__MACOSX');
}

function readEntry(zip: ZipFile, entry: Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error !== null) return reject(error);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}

const invalid = (message: string, cause?: unknown) =>
  new DrapeError('invalid_archive', `The SKU archive cannot be read: ${message}.`, { field: 'sku_zip', cause });

/** Every file of the archive as [path, bytes], checked for safety and size. */
async function files(archive: Buffer, maxEntryBytes: number): Promise<[string, Buffer][]> {
  let zip: ZipFile;
  try {
    // decodeStrings off: names are decoded and validated below, so an unsafe one gets its own code.
    zip = await yauzl.fromBufferPromise(archive, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true });
  } catch (error) {
    throw invalid((error as Error).message, error);
  }
  const out: [string, Buffer][] = [];
  let total = 0;
  try {
    for (;;) {
      const entry = await new Promise<Entry | undefined>((resolve, reject) => {
        zip.once('entry', resolve);
        zip.once('end', () => resolve(undefined));
        zip.once('error', reject);
        zip.readEntry();
      }).catch((error: unknown) => {
        throw invalid((error as Error).message, error);
      });
      zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error');
      if (entry === undefined) break;
      const raw = entry.fileName as unknown as Buffer;
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
      const problem = yauzl.validateFileName(name);
      const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
      if (problem !== null || mode === S_IFLNK) {
        throw new DrapeError('archive_unsafe_path', `The SKU archive has an unsafe entry ${JSON.stringify(name)}: ${problem ?? 'a symbolic link'}.`, {
          field: 'sku_zip',
        });
      }
      if (name.endsWith('/') || skipped(name)) continue;
      if (out.length >= MAX_ENTRIES) {
        throw new DrapeError('archive_too_large', `The SKU archive has more than ${MAX_ENTRIES} files.`, { field: 'sku_zip' });
      }
      total += entry.uncompressedSize;
      if (entry.uncompressedSize > maxEntryBytes || total > MAX_TOTAL_BYTES) {
        throw new DrapeError(
          'archive_too_large',
          entry.uncompressedSize > maxEntryBytes
            ? `${name} inflates to ${entry.uncompressedSize} bytes; an image may have at most ${maxEntryBytes}.`
            : `The SKU archive inflates to more than ${MAX_TOTAL_BYTES} bytes.`,
          { field: name },
        );
      }
      out.push([name, await readEntry(zip, entry).catch((error: unknown) => {
        throw invalid(`${name}: ${(error as Error).message}`, error);
      })]);
    }
  } finally {
    zip.close();
  }
  return out;
}

/** SKU folder and the path inside it, per the layout above. */
function placeAll(paths: string[]): { sku: string; name: string }[] {
  const parts = paths.map((path) => path.split('/'));
  const top = new Set(parts.map((segments) => (segments.length > 1 ? segments[0] : undefined)));
  // One folder holding everything, with SKU folders inside it: look through it.
  const wrapped = top.size === 1 && !top.has(undefined) && parts.some((segments) => segments.length > 2);
  return parts.map((segments) => {
    const inner = wrapped ? segments.slice(1) : segments;
    if (inner.length === 1) return { sku: inner[0]!.replace(/\.[^.]*$/, ''), name: inner[0]! };
    return { sku: inner[0]!, name: inner.slice(1).join('/') };
  });
}

export async function unpackSkuArchive(archive: Buffer, limits: ImageLimits): Promise<UnpackedSku[]> {
  const entries = await files(archive, limits.maxBytes);
  const places = placeAll(entries.map(([path]) => path));
  const skus = new Map<string, SkuImage[]>();
  for (const [index, [path, bytes]] of entries.entries()) {
    if (sniffImageFormat(bytes) === undefined) {
      throw new DrapeError('archive_entry_not_image', `${path} in the SKU archive is not an image (JPEG, PNG, WebP or BMP).`, { field: path });
    }
    const image = await acceptImage(bytes, limits, path);
    const { sku, name } = places[index]!;
    const list = skus.get(sku) ?? [];
    list.push({ name, image });
    skus.set(sku, list);
  }
  if (skus.size === 0) throw new DrapeError('archive_empty', 'The SKU archive holds no image.', { field: 'sku_zip' });
  return [...skus].map(([name, images]) => ({ name, images }));
}
