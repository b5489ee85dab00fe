import type { ApiErrorBody } from '$lib/api/contract';

/**
 * Why the API refused an import file, as the stable key it sends beside its English
 * message (`details[].reason`, core's FileRefusal): the wizard says it in the user's words.
 */
export const fileRefusals = [
  'notSpreadsheet',
  'unreadable',
  'binaryCsv',
  'csvCellTooLong',
  'tooManyEntries',
  'unpackedTooLarge',
  'sharedStringsTooLarge',
  'compressionRatio',
  'sizeMismatch',
  'parseTooHeavy',
  'parseTimeout',
  'parsersBusy',
  'noRows',
  'noDataRows',
] as const;
export type FileRefusal = (typeof fileRefusals)[number];

const isFileRefusal = (value: unknown): value is FileRefusal =>
  typeof value === 'string' && (fileRefusals as readonly string[]).includes(value);

/** The refusal an error names for the file, or null (another error, or a reason this UI does not know). */
export function fileRefusalOf(error: ApiErrorBody | null | undefined): FileRefusal | null {
  for (const detail of error?.details ?? []) {
    const reason: unknown = (detail as { reason?: unknown }).reason;
    if (detail.path === 'file' && isFileRefusal(reason)) return reason;
  }
  return null;
}
