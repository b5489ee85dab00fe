import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Where uploaded files live while they are imported: written once as a stream, read as streams. */
export interface ImportStorage {
  /** Stores the bytes under `key` and returns their size; the source is consumed as a stream. */
  save(key: string, source: Readable): Promise<number>;
  open(key: string): Readable;
  remove(key: string): Promise<void>;
}

/** `IMPORT_DIR`, else `.data/imports` under the working directory. */
export const defaultImportDir = () => process.env.IMPORT_DIR ?? '.data/imports';

/**
 * Files on local disk (one directory per tenant). Every API and worker process must see
 * the same directory; a shared volume or an object-store implementation of the same
 * interface takes its place when they run on different machines.
 *
 * @example
 * const storage = diskImportStorage({ dir: '/var/lib/crm/imports' });
 * await storage.save(`${tenantId}/${importId}`, upload);
 */
export function diskImportStorage({ dir = defaultImportDir() }: { dir?: string } = {}): ImportStorage {
  const root = resolve(dir);
  const pathOf = (key: string) => {
    if (!/^[0-9a-f-]{36}\/[0-9a-f-]{36}$/.test(key)) throw new Error(`bad import storage key ${key}`);
    return join(root, key);
  };
  return {
    async save(key, source) {
      const path = pathOf(key);
      await mkdir(join(path, '..'), { recursive: true });
      await pipeline(source, createWriteStream(path));
      return (await stat(path)).size;
    },
    open: (key) => createReadStream(pathOf(key)),
    remove: (key) => rm(pathOf(key), { force: true }),
  };
}
