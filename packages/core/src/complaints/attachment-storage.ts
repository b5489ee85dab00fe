import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { AppError } from '../errors.ts';

/**
 * Where attachment bytes live. The database row (under row-level security) is the only
 * way to a key, so a file is reachable only through its own tenant's row.
 */
export interface AttachmentStorage {
  put(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array>;
  remove(key: string): Promise<void>;
}

// The extension is the checked type's (keys made before it had none).
const safeKey = /^[0-9a-f-]{36}\/[0-9a-f-]{36}(\.(jpg|png|pdf|xlsx|docx))?$/;

/**
 * Files on local disk under `root`, one directory per tenant. Keys are `tenantId/uuid.ext`
 * (the server's name, the checked type's extension, never the uploader's), checked against that shape so a key can never climb out of the root.
 *
 * @example
 * const storage = diskAttachmentStorage(config.ATTACHMENTS_DIR);
 */
export function diskAttachmentStorage(root: string): AttachmentStorage {
  const base = resolve(root);
  const pathOf = (key: string) => {
    if (!safeKey.test(key)) throw new Error(`not an attachment key: ${key}`);
    return join(base, key);
  };
  return {
    async put(key, bytes) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, bytes, { flag: 'wx' });
    },
    async get(key) {
      try {
        return await readFile(pathOf(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT')
          throw new AppError('NOT_FOUND', 'Attachment file not found');
        throw error;
      }
    },
    async remove(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
