import { Readable } from 'node:stream';
import { AppError, type UploadedFile } from '@crm/core';
import { Busboy } from '@fastify/busboy';

const broken = (reason: string) =>
  new AppError('INVALID_INPUT', `The upload is not a complete multipart/form-data body: ${reason}`, [
    { path: 'file', message: reason },
  ]);

/**
 * The file in a multipart/form-data request body under `field`, streamed as it arrives
 * (busboy): nothing is buffered beyond the parser's chunks, so the caller decides where the
 * bytes go and how many it takes. Resolves once the part's headers are read (null when the
 * body ends with no such file, or is not multipart). A body that breaks off — the client
 * aborts, the multipart ends mid-file — fails the file stream with a 400, which the
 * caller's pipeline sees; other parts (and a file part with no file name, as a form sends
 * when no file was chosen) are read and discarded.
 *
 * @example
 * const upload = await multipartFile(c.req.raw, 'file');
 * if (upload) await storage.save(key, upload.file, { maxBytes });
 */
export function multipartFile(request: Request, field: string): Promise<UploadedFile | null> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!request.body || !/^multipart\/form-data/i.test(contentType)) return Promise.resolve(null);
  const body = Readable.fromWeb(request.body as Parameters<typeof Readable.fromWeb>[0]);
  return new Promise((resolve, reject) => {
    let parser: ReturnType<typeof Busboy>;
    try {
      parser = Busboy({
        headers: { 'content-type': contentType },
        // UTF-8 file names (客户.xlsx) as browsers and undici send them.
        defCharset: 'utf8',
        limits: { files: 1, fields: 20, fieldSize: 4096, headerPairs: 50 },
      });
    } catch (error) {
      body.destroy();
      reject(broken((error as Error).message));
      return;
    }
    let file: Readable | null = null;
    let settled = false;
    const fail = (error: Error) => {
      if (!settled) {
        settled = true;
        reject(error);
      } else if (file && !file.readableEnded) file.destroy(error);
    };
    parser.on('file', (name, stream, fileName) => {
      // A form submitted with no file chosen sends the part with an empty name: no file.
      if (settled || name !== field || fileName === '') {
        stream.resume();
        return;
      }
      settled = true;
      file = stream;
      resolve({ fileName, file: stream });
    });
    parser.on('finish', () => {
      if (!settled) {
        settled = true;
        resolve(null);
      }
    });
    parser.on('error', (error: unknown) => fail(broken((error as Error).message)));
    body.on('error', (error) => {
      fail(broken(`the request broke off (${error.message})`));
      parser.destroy();
    });
    body.pipe(parser);
  });
}
