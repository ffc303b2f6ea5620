import path from 'node:path';
import type { Config } from '../../config.ts';
import { diskStorage } from './disk.ts';
import { s3Storage } from './s3.ts';

/**
 * Where attachment bytes live: one small port, a folder on disk by default or an S3-compatible
 * bucket by configuration. Keys are Cadence's own (an attachment id), never the user's file name.
 */
export interface ObjectStorage {
  readonly kind: 'disk' | 's3';
  /** Stores the bytes under the key, replacing what was there. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The bytes, or undefined when nothing is stored under the key. */
  get(key: string): Promise<Buffer | undefined>;
  /** Removes the key; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Every key stored (disk only: backups walk it); S3 answers []. */
  listKeys(): Promise<string[]>;
}

/** A storage key is ours: lower-case letters, digits and dashes (a UUIDv7), so it can never climb out of its folder. */
export const STORAGE_KEY = /^[a-z0-9][a-z0-9-]{7,80}$/;

export function checkKey(key: string): string {
  if (!STORAGE_KEY.test(key)) throw new Error(`not a storage key: ${JSON.stringify(key)}`);
  return key;
}

/** The folder disk storage uses under the data directory. */
export function attachmentsDir(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'attachments');
}

const cache = new WeakMap<Config, ObjectStorage>();

/** The storage the configuration names (one per configuration). */
export function objectStorageFor(config: Config): ObjectStorage {
  let storage = cache.get(config);
  if (!storage) {
    const s3 = config.attachments?.s3;
    storage = s3 ? s3Storage(s3) : diskStorage(attachmentsDir(config));
    cache.set(config, storage);
  }
  return storage;
}
