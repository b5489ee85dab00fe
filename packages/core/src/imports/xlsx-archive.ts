import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';
import type { FileLimits } from './file-limits.ts';
import { UnreadableFileError } from './read-rows.ts';

interface Entry {
  name: string;
  flags: number;
  method: number;
  packed: number;
  unpacked: number;
  localOffset: number;
}

const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MiB`;
const refuse = (reason: UnreadableFileError['reason'], message: string) =>
  new UnreadableFileError(message, reason);

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** The central directory, from the end-of-central-directory record (no ZIP64: a workbook this small has none). */
async function centralDirectory(
  file: FileHandle,
  size: number,
  limits: FileLimits,
): Promise<{ entries: Entry[]; directoryOffset: number }> {
  const tailLength = Math.min(size, 22 + 65_535);
  const tail = await readAt(file, size - tailLength, tailLength);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw refuse('unreadable', 'not a ZIP archive (no central directory)');
  const count = tail.readUInt16LE(end + 10);
  const directorySize = tail.readUInt32LE(end + 12);
  const directoryOffset = tail.readUInt32LE(end + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff)
    throw refuse('unreadable', 'a ZIP64 archive, which a workbook of this size never is');
  if (count > limits.maxEntries)
    throw refuse(
      'tooManyEntries',
      `${count} entries in the archive (a workbook has a few dozen; at most ${limits.maxEntries})`,
    );
  if (directoryOffset + directorySize > size) throw refuse('unreadable', 'the central directory is cut off');
  const directory = await readAt(file, directoryOffset, directorySize);
  const entries: Entry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== 0x02014b50)
      throw refuse('unreadable', 'a damaged central directory');
    const nameLength = directory.readUInt16LE(at + 28);
    entries.push({
      flags: directory.readUInt16LE(at + 8),
      method: directory.readUInt16LE(at + 10),
      packed: directory.readUInt32LE(at + 20),
      unpacked: directory.readUInt32LE(at + 24),
      name: directory.toString('utf8', at + 46, at + 46 + nameLength),
      localOffset: directory.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
  }
  return { entries, directoryOffset };
}

/** What the directory declares, against the limits: before a byte is unpacked. */
function checkDeclared(entries: Entry[], limits: FileLimits): void {
  let total = 0;
  for (const entry of entries) {
    if (entry.flags & 1) throw refuse('unreadable', `${entry.name} is encrypted`);
    if (entry.method !== 0 && entry.method !== 8)
      throw refuse(
        'unreadable',
        `${entry.name} is packed with method ${entry.method} (only stored and deflate)`,
      );
    total += entry.unpacked;
    if (/sharedstrings/i.test(entry.name) && entry.unpacked > limits.maxSharedStringsBytes)
      throw refuse(
        'sharedStringsTooLarge',
        `the shared strings unpack to ${mib(entry.unpacked)}, over the limit of ${mib(limits.maxSharedStringsBytes)}`,
      );
    if (entry.unpacked > 1_048_576 && entry.unpacked / Math.max(entry.packed, 1) > limits.maxRatio)
      throw refuse(
        'compressionRatio',
        `${entry.name} unpacks ${Math.round(entry.unpacked / Math.max(entry.packed, 1))} times its size (at most ${limits.maxRatio})`,
      );
  }
  if (total > limits.maxUnpackedBytes)
    throw refuse(
      'unpackedTooLarge',
      `the workbook unpacks to ${mib(total)}, over the limit of ${mib(limits.maxUnpackedBytes)}`,
    );
}

/** Bytes an entry really unpacks to, stopping as soon as it passes what the directory said. */
async function unpackedSize(path: string, start: number, entry: Entry): Promise<number> {
  if (entry.packed === 0) return 0;
  const packed = createReadStream(path, { start, end: start + entry.packed - 1 });
  if (entry.method === 0) {
    let bytes = 0;
    for await (const chunk of packed) bytes += (chunk as Buffer).length;
    return bytes;
  }
  const inflate = createInflateRaw();
  packed.on('error', (error) => inflate.destroy(error));
  packed.pipe(inflate);
  let bytes = 0;
  try {
    for await (const chunk of inflate) {
      bytes += (chunk as Buffer).length;
      if (bytes > entry.unpacked) break;
    }
  } catch (error) {
    throw refuse('unreadable', `${entry.name} cannot be unpacked (${(error as Error).message})`);
  } finally {
    packed.destroy();
    inflate.destroy();
  }
  return bytes;
}

/**
 * Looks an XLSX over before anything parses it, reading the archive's own fields: the
 * entry count, each entry's declared size, the shared strings' size and the packing ratio
 * against the limits; then that the entries lie end to end as the directory says (a
 * streaming reader, which walks the local headers, sees no entry the check did not); then
 * unpacks each entry counting the bytes, stopping past the declared size, since declared
 * sizes can lie. Memory stays at a few zlib buffers whatever the file holds.
 * Throws {@link UnreadableFileError} with the reason.
 *
 * @example
 * await inspectXlsx('/var/lib/crm/imports/t/i', fileLimits());
 */
export async function inspectXlsx(path: string, limits: FileLimits): Promise<void> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const { entries, directoryOffset } = await centralDirectory(file, size, limits);
    checkDeclared(entries, limits);
    const inOrder = [...entries].sort((a, b) => a.localOffset - b.localOffset);
    // A data descriptor (flag 8) may follow an entry's data, with or without its signature.
    const follows = (offset: number, end: number) =>
      offset === end || offset === end + 12 || offset === end + 16;
    let expected = 0;
    for (const entry of inOrder) {
      if (!follows(entry.localOffset, expected))
        throw refuse('unreadable', `bytes outside any entry before ${entry.name}`);
      const local = await readAt(file, entry.localOffset, 30);
      if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50)
        throw refuse('unreadable', `no local header for ${entry.name}`);
      const nameLength = local.readUInt16LE(26);
      const name = (await readAt(file, entry.localOffset + 30, nameLength)).toString('utf8');
      if (name !== entry.name) throw refuse('unreadable', `the local header of ${entry.name} names ${name}`);
      const start = entry.localOffset + 30 + nameLength + local.readUInt16LE(28);
      const bytes = await unpackedSize(path, start, entry);
      if (bytes !== entry.unpacked)
        throw refuse(
          'sizeMismatch',
          `${entry.name} unpacks to ${bytes > entry.unpacked ? 'more than' : ''} ${bytes} bytes, not the ${entry.unpacked} its directory declares`,
        );
      expected = start + entry.packed;
    }
    if (!follows(directoryOffset, expected))
      throw refuse('unreadable', 'bytes outside any entry before the directory');
  } finally {
    await file.close();
  }
}
