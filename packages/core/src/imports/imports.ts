import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { recordAudit } from '../audit/record.ts';
import { customerCodeSecret } from '../customers/customer-code.ts';
import type { Database, Tx } from '../db/database.ts';
import { AppError, notFound } from '../errors.ts';
import { assertMayIngest } from '../events/ingest.ts';
import type { Actor } from '../identity/actor.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { cellText } from './cells.ts';
import { autoMapping, type ColumnMapping, foldHeader, type ImportField, importFields } from './columns.ts';
import { type FileRefusal, fileLimits } from './file-limits.ts';
import { readHeadInThread } from './parse-in-thread.ts';
import { type ImportFormat, UnreadableFileError } from './read-rows.ts';
import { planRow } from './row-events.ts';
import type { ImportDryRun, ImportMapping, ImportView } from './schema.ts';
import { FileTooLargeError, type ImportStorage } from './storage.ts';

/** Rows shown by a dry run. */
export const previewSize = 20;

export const storageKey = (tenantId: string, importId: string) => `${tenantId}/${importId}`;

interface ImportRow {
  id: string;
  storeId: string;
  fileName: string;
  format: ImportFormat;
  sizeBytes: string | number;
  status: ImportView['status'];
  headers: string[];
  mapping: ColumnMapping;
  totalRows: number;
  checkpointRow: number;
  rowsImported: number;
  rowsRejected: number;
  eventsCreated: number;
  eventsUpdated: number;
  eventsUnchanged: number;
  failure: string | null;
  resumable: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

function viewOf(row: ImportRow): ImportView {
  const mapped = new Set(Object.values(row.mapping));
  const processed = row.rowsImported + row.rowsRejected;
  return {
    id: row.id,
    storeId: row.storeId,
    fileName: row.fileName,
    format: row.format,
    sizeBytes: Number(row.sizeBytes),
    status: row.status,
    headers: row.headers,
    mapping: row.mapping as Record<string, number>,
    unmappedHeaders: row.headers.filter((h, i) => !mapped.has(i) && h !== ''),
    totalRows: row.totalRows,
    processedRows: processed,
    percent:
      row.status === 'done' ? 100 : row.totalRows === 0 ? 0 : Math.floor((processed / row.totalRows) * 100),
    counts: {
      imported: row.rowsImported,
      rejected: row.rowsRejected,
      eventsCreated: row.eventsCreated,
      eventsUpdated: row.eventsUpdated,
      eventsUnchanged: row.eventsUnchanged,
    },
    failure: row.failure,
    resumable: row.status === 'failed' && row.resumable,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

export async function importRow(tx: Tx, storeId: string, importId: string): Promise<ImportRow> {
  const [row] = await tx<ImportRow[]>`
    select * from imports where id = ${importId} and store_id = ${storeId}`;
  if (!row) throw notFound('Import');
  return row;
}

function formatOf(fileName: string): ImportFormat {
  const extension = fileName.toLowerCase().split('.').pop();
  if (extension === 'csv' || extension === 'xlsx') return extension;
  throw new AppError('INVALID_INPUT', 'Only .csv and .xlsx files can be imported', [
    { path: 'file', message: 'must be a .csv or .xlsx file', reason: 'notSpreadsheet' },
  ]);
}

/** What planning a row needs of its store: the time zone, the secret of its customer codes. */
interface PlanningStore {
  timeZone: string;
  customerCodeSecret: Uint8Array;
}

async function planningStore(tx: Tx, storeId: string): Promise<PlanningStore> {
  const [store] = await tx<{ timeZone: string }[]>`select time_zone from stores where id = ${storeId}`;
  if (!store) throw notFound('Store');
  return { timeZone: store.timeZone, customerCodeSecret: await customerCodeSecret(tx, storeId) };
}

/** The file's head read in a parser thread (bounded): its header row, how many data rows follow, the first rows planned with `mapping`. */
async function scan(
  path: string,
  format: ImportFormat,
  store: PlanningStore,
  mapping: (headers: string[]) => ColumnMapping,
): Promise<{
  headers: string[];
  mapping: ColumnMapping;
  totalRows: number;
  preview: ImportDryRun['preview'];
}> {
  const head = await readHeadInThread({ path, format, limits: fileLimits(), keep: previewSize });
  if (!head.header) throw new UnreadableFileError('the file has no rows', 'noRows');
  if (head.totalRows === 0)
    throw new UnreadableFileError('the file has a header row but no data rows', 'noDataRows');
  const headers = head.header.cells.map((c) => cellText(c) ?? '');
  const columns = mapping(headers);
  const preview = head.rows.map((row) => {
    const plan = planRow({ rowNumber: row.rowNumber, cells: row.cells, mapping: columns, headers, ...store });
    return {
      rowNumber: row.rowNumber,
      cells: row.cells.map((c) => cellText(c)),
      becomes: plan.file
        ? ['file' as const]
        : plan.events.map((e) => (e as { type: 'delivery' | 'repairOrder' }).type),
      errors: plan.errors,
      uncertain: plan.uncertain && { reason: plan.uncertain.reason, note: plan.uncertain.note },
    };
  });
  return { headers, mapping: columns, totalRows: head.totalRows, preview };
}

/** Refusals for size (an archive that unpacks past the limits, a parse too heavy or too slow) are 413; the rest 400. */
const tooLargeReasons = new Set<FileRefusal>([
  'tooManyEntries',
  'unpackedTooLarge',
  'sharedStringsTooLarge',
  'compressionRatio',
  'parseTooHeavy',
  'parseTimeout',
]);

const unreadable = (error: UnreadableFileError) =>
  new AppError(
    tooLargeReasons.has(error.reason) ? 'PAYLOAD_TOO_LARGE' : 'INVALID_INPUT',
    `The file cannot be read: ${error.message}`,
    [{ path: 'file', message: error.message, reason: error.reason }],
  );

/** An uploaded file as it arrives: its name and its bytes, not yet read. */
export interface UploadedFile {
  fileName: string;
  file: Readable;
}

export interface CreateImportOptions {
  db: Database;
  storage: ImportStorage;
  actor: Actor;
  storeId: string;
  /**
   * Begins reading the request for its file, called once the store is known to be yours;
   * null when the request carries none. The file is streamed to storage, never held whole.
   */
  upload: () => Promise<UploadedFile | null>;
  /** The largest file taken (IMPORT_MAX_BYTES): past it the upload stops with 413 and nothing is kept. */
  maxBytes: number;
  requestId?: string;
}

/** 52428800 → "50 MiB (52428800 bytes)". */
const sizeText = (bytes: number) =>
  bytes % 1_048_576 === 0
    ? `${bytes / 1_048_576} MiB (${bytes} bytes)`
    : bytes % 1024 === 0
      ? `${bytes / 1024} KiB (${bytes} bytes)`
      : `${bytes} bytes`;

/** The 413 an upload past the limit gets, from the storage's count or the request's Content-Length alike. */
export const fileTooLarge = (maxBytes: number) =>
  new AppError(
    'PAYLOAD_TOO_LARGE',
    `The file is larger than the import limit of ${sizeText(maxBytes)}, set by IMPORT_MAX_BYTES`,
    [{ path: 'file', message: `larger than ${sizeText(maxBytes)}` }],
  );

/**
 * Takes an uploaded file: streams it to the import storage as it arrives (counting the
 * bytes: past `maxBytes` the upload stops with 413 and the partial file is deleted, as on
 * any failure of the request), reads it once from storage to map
 * its columns from the headers and preview the first rows with their errors — the dry run —
 * and records the import, waiting to be started. An unreadable file is refused and not kept.
 *
 * @example
 * const { import: created, preview } = await createImport({
 *   db, storage, actor, storeId, maxBytes: 50 * 1_048_576,
 *   upload: async () => ({ fileName: '工单.xlsx', file: createReadStream('工单.xlsx') }),
 * });
 */
export async function createImport({
  db,
  storage,
  actor,
  storeId,
  upload,
  maxBytes,
  requestId,
}: CreateImportOptions): Promise<ImportDryRun> {
  assertMayIngest(actor, storeId);
  const tenantId = actor.tenantId;
  const store = await db.withTenant(tenantId, (tx) => planningStore(tx, storeId));
  const uploaded = await upload();
  if (!uploaded)
    throw new AppError('INVALID_INPUT', 'Send the file as multipart/form-data, field "file"', [
      { path: 'file', message: 'required' },
    ]);
  const { fileName, file } = uploaded;
  let format: ImportFormat;
  try {
    format = formatOf(fileName);
  } catch (error) {
    file.destroy();
    throw error;
  }
  const id = randomUUID();
  const key = storageKey(tenantId, id);
  let sizeBytes: number;
  try {
    sizeBytes = await storage.save(key, file, { maxBytes });
  } catch (error) {
    if (error instanceof FileTooLargeError) throw fileTooLarge(maxBytes);
    throw error;
  }
  // From here on, a failure of any kind (a refusal, the database) takes the file with it.
  try {
    return await recordUpload({
      db,
      actor,
      storeId,
      id,
      fileName,
      format,
      sizeBytes,
      requestId,
      scanned: await scan(storage.localPath(key), format, store, autoMapping),
    });
  } catch (error) {
    await storage.remove(key);
    if (error instanceof UnreadableFileError) throw unreadable(error);
    throw error;
  }
}

async function recordUpload({
  db,
  actor,
  storeId,
  id,
  fileName,
  format,
  sizeBytes,
  requestId,
  scanned,
}: {
  db: Database;
  actor: Actor;
  storeId: string;
  id: string;
  fileName: string;
  format: ImportFormat;
  sizeBytes: number;
  requestId: string | undefined;
  scanned: Awaited<ReturnType<typeof scan>>;
}): Promise<ImportDryRun> {
  const tenantId = actor.tenantId;
  const row = await db.withTenant(tenantId, async (tx) => {
    const [created] = await tx<ImportRow[]>`
      insert into imports (tenant_id, id, store_id, created_by, file_name, format, size_bytes, headers, mapping,
        total_rows)
      values (${tenantId}, ${id}, ${storeId}, ${actor.kind === 'user' ? actor.userId : null}, ${fileName.slice(0, 200)},
        ${format}, ${sizeBytes}, ${scanned.headers}::text[], ${tx.json(scanned.mapping)}, ${scanned.totalRows})
      returning *`;
    await recordAudit(
      tx,
      actor,
      { action: 'imports.upload', entity: 'import', entityId: id, storeId, details: { format, sizeBytes } },
      requestId,
    );
    return created;
  });
  if (!row) throw new Error('import insert returned nothing');
  return { import: viewOf(row), preview: scanned.preview };
}

/** The automatic mapping with the caller's adjustments; a header named by text must exist. */
export function adjustMapping(headers: string[], auto: ColumnMapping, adjust: ImportMapping): ColumnMapping {
  const mapping: ColumnMapping = { ...auto };
  const folded = headers.map(foldHeader);
  for (const [field, target] of Object.entries(adjust)) {
    if (!importFields.includes(field as ImportField)) continue;
    const key = field as ImportField;
    if (target === null || target === undefined) {
      delete mapping[key];
      continue;
    }
    const column = typeof target === 'number' ? target : folded.indexOf(foldHeader(target));
    if (column < 0 || column >= headers.length)
      throw new AppError('INVALID_INPUT', `No column ${JSON.stringify(target)} in the file`, [
        { path: `mapping.${field}`, message: `no such column (the file has ${headers.length})` },
      ]);
    // The column moves to this field: no two fields read one column.
    for (const [other, c] of Object.entries(mapping)) if (c === column) delete mapping[other as ImportField];
    mapping[key] = column;
  }
  if (mapping.vin === undefined)
    throw new AppError('INVALID_INPUT', 'The VIN column must be mapped', [
      { path: 'mapping.vin', message: 'required' },
    ]);
  return mapping;
}

export interface ImportCommandOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  importId: string;
  requestId?: string;
}

/** An import's progress: status, percent and counts, as the job commits them. */
export async function getImport({ db, actor, storeId, importId }: ImportCommandOptions): Promise<ImportView> {
  assertMayIngest(actor, storeId);
  return viewOf(await db.withTenant(actor.tenantId, (tx) => importRow(tx, storeId, importId)));
}

/** The dry run again with an adjusted mapping, before starting: the first rows and their errors. */
export async function previewImport({
  db,
  storage,
  actor,
  storeId,
  importId,
  mapping,
}: ImportCommandOptions & { storage: ImportStorage; mapping: ImportMapping }): Promise<ImportDryRun> {
  assertMayIngest(actor, storeId);
  const { row, store } = await db.withTenant(actor.tenantId, async (tx) => ({
    row: await importRow(tx, storeId, importId),
    store: await planningStore(tx, storeId),
  }));
  if (row.status !== 'uploaded') throw new AppError('CONFLICT', 'The import has already started');
  let scanned: Awaited<ReturnType<typeof scan>>;
  try {
    scanned = await scan(storage.localPath(storageKey(actor.tenantId, importId)), row.format, store, (h) =>
      adjustMapping(h, row.mapping, mapping),
    );
  } catch (error) {
    if (error instanceof UnreadableFileError) throw unreadable(error);
    throw error;
  }
  return { import: viewOf({ ...row, mapping: scanned.mapping }), preview: scanned.preview };
}

/**
 * Starts the import with the mapping as adjusted: the job goes on the queue through the
 * outbox, in the same transaction. An import starts once; starting it again is a conflict.
 */
export async function startImport({
  db,
  actor,
  storeId,
  importId,
  mapping = {},
  requestId,
}: ImportCommandOptions & { mapping?: ImportMapping }): Promise<ImportView> {
  assertMayIngest(actor, storeId);
  const tenantId = actor.tenantId;
  return db.withTenant(tenantId, async (tx) => {
    const row = await importRow(tx, storeId, importId);
    if (row.status !== 'uploaded') throw new AppError('CONFLICT', 'The import has already started');
    const columns = adjustMapping(row.headers, row.mapping, mapping);
    const [started] = await tx<ImportRow[]>`
      update imports set mapping = ${tx.json(columns)}, status = 'queued', started_at = now(), updated_at = now()
      where id = ${importId} and status = 'uploaded'
      returning *`;
    if (!started) throw new AppError('CONFLICT', 'The import has already started');
    const jobId = await enqueue(tx, tenantId, 'imports.run', { importId });
    await tx`update imports set job_id = ${jobId} where id = ${importId}`;
    await recordAudit(
      tx,
      actor,
      {
        action: 'imports.start',
        entity: 'import',
        entityId: importId,
        storeId,
        details: { mapping: columns },
      },
      requestId,
    );
    return viewOf(started);
  });
}

/**
 * Resumes an import that failed while running with its file kept (its job was interrupted
 * once too often, or its retries ran out): queued again from its last committed row, through
 * the outbox in the same transaction. Anything else is a conflict naming why.
 */
export async function resumeImport({
  db,
  storage,
  actor,
  storeId,
  importId,
  requestId,
}: ImportCommandOptions & { storage: ImportStorage }): Promise<ImportView> {
  assertMayIngest(actor, storeId);
  const tenantId = actor.tenantId;
  const notResumable = (message: string) =>
    new AppError('CONFLICT', `The import cannot be resumed: ${message}`, [
      { path: 'importId', message, reason: 'notResumable' },
    ]);
  const fileKept = await storage.exists(storageKey(tenantId, importId));
  return db.withTenant(tenantId, async (tx) => {
    const row = await importRow(tx, storeId, importId);
    if (row.status !== 'failed' || !row.resumable)
      throw notResumable(`it is ${row.status}, not failed while running`);
    if (!fileKept) throw notResumable('its file is no longer in storage');
    const jobId = await enqueue(tx, tenantId, 'imports.run', { importId });
    const [resumed] = await tx<ImportRow[]>`
      update imports set status = 'queued', failure = null, resumable = false, finished_at = null, resumes = 0,
        job_id = ${jobId}, updated_at = now()
      where id = ${importId} and status = 'failed' and resumable
      returning *`;
    if (!resumed) throw notResumable('it changed meanwhile');
    await recordAudit(
      tx,
      actor,
      {
        action: 'imports.resume',
        entity: 'import',
        entityId: importId,
        storeId,
        details: { from: row.checkpointRow },
      },
      requestId,
    );
    return viewOf(resumed);
  });
}
