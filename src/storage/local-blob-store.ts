import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { assertBlobKey, contentTypeForKey, type BlobStore } from './blob-store.js';

/**
 * Blobs as files under one root folder. Writes go to a temporary file in the
 * same folder and are renamed into place, so a reader (or a crash) never sees
 * half a file.
 */
export class LocalBlobStore implements BlobStore {
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

  async put(key: string, bytes: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${randomUUID()}.tmp`;
    try {
      await writeFile(temp, bytes, { mode: 0o600 });
      await rename(temp, path);
    } catch (error) {
      await unlink(temp).catch(() => {});
      throw error;
    }
  }

  async get(key: string): Promise<{ bytes: Buffer; contentType: string } | undefined> {
    try {
      return { bytes: await readFile(this.pathOf(key)), contentType: contentTypeForKey(key) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async deletePrefix(prefix: string): Promise<void> {
    const trimmed = prefix.replace(/\/+$/, '');
    await rm(this.pathOf(trimmed), { recursive: true, force: true });
  }

  async check(): Promise<void> {
    const key = `health/${randomUUID()}.txt`;
    await this.put(key, Buffer.from('ok'));
    const read = await this.get(key);
    await this.delete(key);
    if (read?.bytes.toString() !== 'ok') throw new Error('blob store read-back mismatch');
  }
}

export function blobRoot(dataDir: string): string {
  return join(dataDir, 'blobs');
}
