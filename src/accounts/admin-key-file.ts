import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where the first start leaves the admin key. */
export function adminKeyPath(dataDir: string): string {
  return join(dataDir, 'admin-key');
}

/** Readable by its owner only; chmod too, because writeFile's mode applies only when it creates the file. */
export async function writeAdminKeyFile(dataDir: string, key: string): Promise<string> {
  const path = adminKeyPath(dataDir);
  await writeFile(path, `${key}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  return path;
}
