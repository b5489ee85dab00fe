import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Where uploaded files live while they are imported: written once as a stream, read as streams. */
export interface ImportStorage {
  /**
   * Stores the bytes under `key` as they arrive and returns their size; the source is never
   * held whole. Past `maxBytes` it stops with a {@link FileTooLargeError}; on that or any
   * other failure (the connection aborted, the source broken) nothing is left under `key`.
   */
  save(key: string, source: Readable, options?: { maxBytes?: number }): Promise<number>;
  open(key: string): Readable;
  /** The file on local disk, for a reader that opens it itself (a parser thread, the archive check). */
  localPath(key: string): string;
  exists(key: string): Promise<boolean>;
  /** A tenant's stored files, for the nightly sweep of files no import needs. */
  list(tenantId: string): Promise<StoredFile[]>;
  remove(key: string): Promise<void>;
}

export interface StoredFile {
  key: string;
  importId: string;
  sizeBytes: number;
  modifiedAt: Date;
}

/** The upload went past its limit: the bytes written so far are gone. */
export class FileTooLargeError extends Error {
  override readonly name = 'FileTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`larger than ${maxBytes} bytes`);
  }
}

/** `IMPORT_DIR`, else `.data/imports` under the working directory. */
export const defaultImportDir = () => process.env.IMPORT_DIR ?? '.data/imports';

/** Counts the bytes passing through; fails with FileTooLargeError once over `maxBytes`. */
export function byteCounter(maxBytes = Number.POSITIVE_INFINITY): Transform & { bytes: number } {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      counter.bytes += chunk.length;
      if (counter.bytes > maxBytes) done(new FileTooLargeError(maxBytes));
      else done(null, chunk);
    },
  }) as Transform & { bytes: number };
  counter.bytes = 0;
  return counter;
}

/**
 * Files on local disk (one directory per tenant). Every API and worker process must see
 * the same directory; a shared volume or an object-store implementation of the same
 * interface takes its place when they run on different machines.
 *
 * @example
 * const storage = diskImportStorage({ dir: '/var/lib/crm/imports' });
 * await storage.save(`${tenantId}/${importId}`, upload, { maxBytes: 50 * 1_048_576 });
 */
export function diskImportStorage({ dir = defaultImportDir() }: { dir?: string } = {}): ImportStorage {
  const root = resolve(dir);
  const pathOf = (key: string) => {
    if (!/^[0-9a-f-]{36}\/[0-9a-f-]{36}$/.test(key)) throw new Error(`bad import storage key ${key}`);
    return join(root, key);
  };
  return {
    async save(key, source, { maxBytes } = {}) {
      const path = pathOf(key);
      await mkdir(join(path, '..'), { recursive: true });
      const counter = byteCounter(maxBytes);
      try {
        await pipeline(source, counter, createWriteStream(path));
      } catch (error) {
        // pipeline has destroyed every stream (the source too); the partial file goes.
        await rm(path, { force: true });
        throw error;
      }
      return counter.bytes;
    },
    open: (key) => createReadStream(pathOf(key)),
    localPath: pathOf,
    exists: (key) =>
      stat(pathOf(key)).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return false;
          throw error;
        },
      ),
    async list(tenantId) {
      const names = await readdir(join(root, tenantId)).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [];
        throw error;
      });
      const files: StoredFile[] = [];
      for (const name of names) {
        const key = `${tenantId}/${name}`;
        // Only what this storage writes (a partial upload is the same name): anything else is not ours to remove.
        if (!/^[0-9a-f-]{36}\/[0-9a-f-]{36}$/.test(key)) continue;
        const info = await stat(join(root, key)).catch(() => null);
        if (info?.isFile()) files.push({ key, importId: name, sizeBytes: info.size, modifiedAt: info.mtime });
      }
      return files;
    },
    remove: (key) => rm(pathOf(key), { force: true }),
  };
}
