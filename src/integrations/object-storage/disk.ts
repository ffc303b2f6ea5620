import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkKey, STORAGE_KEY, type ObjectStorage } from './object-storage.ts';

/**
 * Files in a folder of the data directory: folders 0700, files 0600, each named by its key under a
 * two-letter fan-out folder (the key's last two characters, which vary most in a UUIDv7). A file is
 * written to a temporary name and renamed, so a reader never sees half a file.
 */
export function diskStorage(root: string): ObjectStorage {
  const fileOf = (key: string) => path.join(root, checkKey(key).slice(-2), key);
  return {
    kind: 'disk',
    async put(key, bytes) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await chmod(root, 0o700);
      const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temp, bytes, { mode: 0o600 });
      await rename(temp, file);
    },
    async get(key) {
      try {
        return await readFile(fileOf(key));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },
    async delete(key) {
      await rm(fileOf(key), { force: true });
    },
    async listKeys() {
      const keys: string[] = [];
      let folders: string[];
      try {
        folders = await readdir(root);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw err;
      }
      for (const folder of folders.sort()) {
        const names = await readdir(path.join(root, folder)).catch(() => [] as string[]);
        keys.push(...names.filter((n) => STORAGE_KEY.test(n)).sort());
      }
      return keys;
    },
  };
}
