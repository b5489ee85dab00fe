import { AppError, invalid } from '../errors.ts';
import { type CheckedType, contentProblem } from './attachment-content.ts';

/** The largest attachment, after base64 decoding: it must fit in one JSON request body. */
export const maxAttachmentBytes = 512 * 1024;

/** The file types a corrective action may carry, each with the extension its files are stored and served under. */
export const attachmentTypes = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
} as const satisfies Record<CheckedType, string>;
export type AttachmentType = keyof typeof attachmentTypes;

/** Whether a stored row's type is one accepted today. */
export const isAttachmentType = (type: string): type is AttachmentType =>
  Object.hasOwn(attachmentTypes, type);

/**
 * Decodes and checks an upload: not empty, not over the limit, and the whole file is the
 * declared type with nothing else inside (see attachment-content.ts): a renamed program,
 * or a picture with a program appended, is refused, not stored.
 */
export function acceptAttachment(contentType: AttachmentType, contentBase64: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(contentBase64)) throw invalid('contentBase64', 'is not base64');
  const bytes = Buffer.from(contentBase64, 'base64');
  if (bytes.length === 0) throw invalid('contentBase64', 'the file is empty');
  if (bytes.length > maxAttachmentBytes)
    throw invalid('contentBase64', `the file is larger than ${maxAttachmentBytes / 1024} KB`);
  const problem = contentProblem(contentType, bytes);
  if (problem) {
    const path = problem.reason === 'typeMismatch' ? 'contentType' : 'contentBase64';
    throw new AppError('INVALID_INPUT', problem.message, [
      { path, message: problem.message, reason: problem.reason },
    ]);
  }
  return bytes;
}

/**
 * The name a file is kept and offered under: the uploader's name without its folders,
 * control and reserved characters or its own extension, then the extension of the type
 * its bytes were checked to be (`evil.exe` sent as a JPEG is `evil.jpg`).
 *
 * @example
 * attachmentFileName('C:\\照片\\现场.exe', 'image/jpeg'); // '现场.jpg'
 */
export function attachmentFileName(fileName: string, contentType: AttachmentType): string {
  const base = (fileName.split(/[/\\]/).pop() ?? '')
    .replace(/[\p{Cc}\p{Cf}<>:"|?*]/gu, '')
    .replace(/\.[A-Za-z0-9]{1,8}$/, '')
    .replace(/[.\s]+$/u, '')
    .replace(/^[.\s]+/u, '')
    .slice(0, 180);
  return `${base || '附件'}.${attachmentTypes[contentType]}`;
}
