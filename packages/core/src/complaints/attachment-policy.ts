import { invalid } from '../errors.ts';

/** The largest attachment, after base64 decoding: it must fit in one JSON request body. */
export const maxAttachmentBytes = 512 * 1024;

/** The file types a corrective action may carry, each with the bytes its files begin with. */
export const attachmentTypes = {
  'image/jpeg': [[0xff, 0xd8, 0xff]],
  'image/png': [[0x89, 0x50, 0x4e, 0x47]],
  'application/pdf': [[0x25, 0x50, 0x44, 0x46]],
  // Office files are zip archives.
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': [[0x50, 0x4b, 0x03, 0x04]],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': [[0x50, 0x4b, 0x03, 0x04]],
} as const satisfies Record<string, number[][]>;
export type AttachmentType = keyof typeof attachmentTypes;

/**
 * Decodes and checks an upload: not empty, not over the limit, and its bytes really are
 * the declared type (a renamed executable is refused, not stored).
 */
export function acceptAttachment(contentType: AttachmentType, contentBase64: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(contentBase64)) throw invalid('contentBase64', 'is not base64');
  const bytes = Buffer.from(contentBase64, 'base64');
  if (bytes.length === 0) throw invalid('contentBase64', 'the file is empty');
  if (bytes.length > maxAttachmentBytes)
    throw invalid('contentBase64', `the file is larger than ${maxAttachmentBytes / 1024} KB`);
  const signatures: readonly (readonly number[])[] = attachmentTypes[contentType];
  if (!signatures.some((sig) => sig.every((b, i) => bytes[i] === b)))
    throw invalid('contentType', `the file is not ${contentType}`);
  return bytes;
}
