import { randomUUID } from 'node:crypto';
import { mkdir, opendir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { contentTypeForKey } from './blob-keys.js';
import { assertBlobKey, assertBlobPrefix, storageUnavailable, type BlobEntry, type BlobStore } from './blob-store.js';

/**
 * Blobs as files under one root folder (STORAGE_URL a path; default
 * DATA_DIR/blobs). Writes go to a temporary file in the same folder and are
 * renamed into place, so a reader (or a crash) never sees half a file. The
 * content type given to `put` is kept beside the file in a hidden
 * `.<name>.type` file (blob key segments never start with a dot, so it cannot
 * collide with a blob); a file without one is typed by its extension.
 */
export class LocalBlobStore implements BlobStore {
  readonly kind = 'folder' as const;
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private pathOf(key: string): string {
    const path = resolve(this.root, assertBlobKey(key));
    // assertBlobKey already refuses `..`; this is the second lock on the door.
    if (!path.startsWith(this.root + sep)) throw new Error(`blob key escapes the store: ${key}`);
    return path;
  }

  private static typePath(path: string): string {
    return join(dirname(path), `.${basename(path)}.type`);
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    const path = this.pathOf(key);
    try {
      await mkdir(dirname(path), { recursive: true });
      // The type first: a reader that sees the file sees its type.
      await writeAtomically(LocalBlobStore.typePath(path), Buffer.from(contentType));
      await writeAtomically(path, bytes);
    } catch (error) {
      throw storageUnavailable(error);
    }
  }

  async get(key: string): Promise<{ bytes: Buffer; contentType: string } | undefined> {
    const path = this.pathOf(key);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw storageUnavailable(error);
    }
    const stored = await readFile(LocalBlobStore.typePath(path), 'utf8').catch(() => undefined);
    return { bytes, contentType: stored ?? contentTypeForKey(key) };
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    await rm(path, { force: true });
    await rm(LocalBlobStore.typePath(path), { force: true });
  }

  async deletePrefix(prefix: string): Promise<void> {
    await rm(this.pathOf(assertBlobPrefix(prefix).replace(/\/+$/, '')), { recursive: true, force: true });
  }

  async *list(prefix: string): AsyncIterable<BlobEntry> {
    const folder = join(this.root, assertBlobPrefix(prefix));
    yield* this.walk(folder);
  }

  private async *walk(folder: string): AsyncIterable<BlobEntry> {
    let entries;
    try {
      entries = await opendir(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw storageUnavailable(error);
    }
    for await (const entry of entries) {
      const path = join(folder, entry.name);
      // Hidden files are content types and temporary files; neither is a blob.
      if (entry.name.startsWith('.') || entry.name.endsWith('.tmp')) continue;
      if (entry.isDirectory()) yield* this.walk(path);
      else if (entry.isFile()) {
        const info = await stat(path).catch(() => undefined);
        if (info !== undefined) yield { key: relative(this.root, path).split(sep).join('/'), modifiedAt: info.mtime };
      }
    }
  }

  async check(): Promise<void> {
    const key = `health/${randomUUID()}.txt`;
    await this.put(key, Buffer.from('ok'), 'text/plain');
    const read = await this.get(key);
    await this.delete(key);
    if (read?.bytes.toString() !== 'ok') throw new Error('blob store read-back mismatch');
  }
}

async function writeAtomically(path: string, bytes: Buffer): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  try {
    await writeFile(temp, bytes, { mode: 0o600 });
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
}
