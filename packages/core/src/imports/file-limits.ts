/**
 * How much of an uploaded file may be unpacked and parsed, whatever it contains: an XLSX
 * is a ZIP whose few hundred KiB can unpack to gigabytes. Read from the environment like
 * the other import settings (checked once by config.ts).
 */
export interface FileLimits {
  /** All the entries of an XLSX together, unpacked (IMPORT_MAX_UNPACKED_BYTES). */
  maxUnpackedBytes: number;
  /** The workbook's shared strings, unpacked: every distinct text cell, held while the sheet is read (IMPORT_MAX_SHARED_STRINGS_BYTES). */
  maxSharedStringsBytes: number;
  /** Entries in the archive: a workbook has a few dozen. */
  maxEntries: number;
  /** Unpacked ÷ packed of one entry over 1 MiB: spreadsheets pack 5–50 times, a bomb a thousand. */
  maxRatio: number;
  /** One CSV field: a binary file or a missing quote reads as one endless cell. */
  maxCsvCellChars: number;
}

export const fileLimits = (): FileLimits => ({
  maxUnpackedBytes: Number(process.env.IMPORT_MAX_UNPACKED_BYTES ?? 256 * 1_048_576),
  maxSharedStringsBytes: Number(process.env.IMPORT_MAX_SHARED_STRINGS_BYTES ?? 64 * 1_048_576),
  maxEntries: 1000,
  maxRatio: 200,
  maxCsvCellChars: 32_768,
});

/** Parsers at once per process, and how long one may take (IMPORT_MAX_PARSERS, IMPORT_PARSE_SECONDS). */
export const importMaxParsers = () => Number(process.env.IMPORT_MAX_PARSERS ?? 2);
export const importParseSeconds = () => Number(process.env.IMPORT_PARSE_SECONDS ?? 120);

/**
 * Why a file is refused, as a stable key: the API sends it beside the message
 * (`details[].reason`) and the web shows it in the user's language.
 */
export type FileRefusal =
  | 'notSpreadsheet'
  | 'unreadable'
  | 'binaryCsv'
  | 'csvCellTooLong'
  | 'tooManyEntries'
  | 'unpackedTooLarge'
  | 'sharedStringsTooLarge'
  | 'compressionRatio'
  | 'sizeMismatch'
  | 'parseTooHeavy'
  | 'parseTimeout'
  | 'parsersBusy'
  | 'noRows'
  | 'noDataRows';
