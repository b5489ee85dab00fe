import { customerCodeSecret } from '../customers/customer-code.ts';
import { openImportedUncertainRecords } from '../customers/open-uncertain-record.ts';
import type { Database, Tx } from '../db/database.ts';
import { ingestInTransaction } from '../events/ingest.ts';
import { systemActor } from '../identity/actor.ts';
import type { Logger } from '../logger.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { cellText } from './cells.ts';
import type { ColumnMapping } from './columns.ts';
import { fileLimits } from './file-limits.ts';
import { storageKey } from './imports.ts';
import { type ImportFormat, readRows } from './read-rows.ts';
import { recordCustomerFiles } from './record-files.ts';
import { issueText, planRow, type RowPlan } from './row-events.ts';
import type { ImportStorage } from './storage.ts';
import { inspectXlsx } from './xlsx-archive.ts';

/**
 * Rows per transaction (up to twice as many events); a job run ends after this many
 * transactions or seconds, whichever comes first. A continuation re-reads the file up to
 * its checkpoint (an XLSX stream cannot seek), so slices are long; short enough that a
 * worker asked to stop finishes its slice soon.
 */
export const importBatchRows = () => Number(process.env.IMPORT_BATCH_ROWS ?? 500);
export const importSliceBatches = () => Number(process.env.IMPORT_SLICE_BATCHES ?? 1000);
export const importSliceSeconds = () => Number(process.env.IMPORT_SLICE_SECONDS ?? 120);

interface RunState {
  storeId: string;
  fileName: string;
  format: ImportFormat;
  status: string;
  headers: string[];
  mapping: ColumnMapping;
  checkpointRow: number;
  timeZone: string;
}

/** Another run of the same import committed first (a job delivered twice): this one stops. */
class CheckpointMoved extends Error {}

export interface RunImportOptions {
  db: Database;
  storage: ImportStorage;
  tenantId: string;
  importId: string;
  log: Logger;
}

/**
 * Imports the file from its checkpoint, batch by batch. Each batch — its events with their
 * decisions, its rejected rows with their reasons, the counts and the new checkpoint —
 * commits in one transaction, so a run stopped anywhere resumes at the first row not
 * committed, and a batch applied twice changes nothing (ingestion is idempotent besides).
 * After a slice of batches the run queues its continuation and returns, so a restarted
 * worker picks the file up where it stopped and long files share the workers.
 * Returns what the run did.
 */
export async function runImport({
  db,
  storage,
  tenantId,
  importId,
  log,
}: RunImportOptions): Promise<'done' | 'continued' | 'skipped'> {
  const state = await db.withTenant(tenantId, async (tx) => {
    const [row] = await tx<RunState[]>`
      select i.store_id, i.file_name, i.format, i.status, i.headers, i.mapping, i.checkpoint_row, s.time_zone
      from imports i join stores s on s.tenant_id = i.tenant_id and s.id = i.store_id
      where i.id = ${importId}`;
    return row && { ...row, customerCodeSecret: await customerCodeSecret(tx, row.storeId) };
  });
  if (!state || state.status === 'done' || state.status === 'failed' || state.status === 'uploaded')
    return 'skipped';

  const batchRows = importBatchRows();
  const sliceBatches = importSliceBatches();
  const sliceEnds = Date.now() + importSliceSeconds() * 1000;
  // Bounded like the upload's read: the archive looked over before exceljs unpacks it (a
  // file gone from storage fails here with ENOENT, which the job turns into the import's reason).
  if (state.format === 'xlsx')
    await inspectXlsx(storage.localPath(storageKey(tenantId, importId)), fileLimits());
  const source = storage.open(storageKey(tenantId, importId));
  let checkpoint = state.checkpointRow;
  let batch: RowPlan[] = [];
  let cells = new Map<number, (string | null)[]>();
  let batches = 0;
  let header = true;
  const commit = async (last: number, end: 'done' | 'continue' | null) => {
    const expected = checkpoint;
    await db.withTenant(tenantId, (tx) =>
      commitBatch(tx, { tenantId, importId, state, plans: batch, cells, expected, last, end }),
    );
    checkpoint = last;
    batch = [];
    cells = new Map();
    batches += 1;
  };
  try {
    for await (const row of readRows(source, state.format, {
      maxCsvCellChars: fileLimits().maxCsvCellChars,
    })) {
      if (header) {
        header = false;
        continue;
      }
      if (row.rowNumber <= checkpoint) continue;
      batch.push(
        planRow({
          rowNumber: row.rowNumber,
          cells: row.cells,
          mapping: state.mapping,
          headers: state.headers,
          timeZone: state.timeZone,
          customerCodeSecret: state.customerCodeSecret,
        }),
      );
      cells.set(
        row.rowNumber,
        row.cells.map((c) => cellText(c)),
      );
      if (batch.length < batchRows) continue;
      const continuing = batches + 1 >= sliceBatches || Date.now() >= sliceEnds;
      await commit(row.rowNumber, continuing ? 'continue' : null);
      if (continuing) {
        log.info({ importId, checkpoint }, 'import slice done; continuation queued');
        return 'continued';
      }
    }
    await commit(Math.max(checkpoint, ...batch.map((p) => p.rowNumber)), 'done');
  } catch (error) {
    if (error instanceof CheckpointMoved) return 'skipped';
    throw error;
  } finally {
    source.destroy();
  }
  await storage.remove(storageKey(tenantId, importId));
  log.info({ importId }, 'import done');
  return 'done';
}

async function commitBatch(
  tx: Tx,
  {
    tenantId,
    importId,
    state,
    plans,
    cells,
    expected,
    last,
    end,
  }: {
    tenantId: string;
    importId: string;
    state: RunState;
    plans: RowPlan[];
    cells: Map<number, (string | null)[]>;
    expected: number;
    last: number;
    end: 'done' | 'continue' | null;
  },
): Promise<void> {
  // The import row is the lock: a second run of the same slice waits here, then finds the checkpoint moved.
  const [locked] = await tx<{ checkpointRow: number }[]>`
    select checkpoint_row from imports where id = ${importId} for update`;
  if (!locked || locked.checkpointRow !== expected) throw new CheckpointMoved();

  // The same delivery on several rows (a service history naming the purchase date each time) is sent once.
  const events: unknown[] = [];
  const eventOf = new Map<string, number>();
  const rowEvents = new Map<number, number[]>();
  for (const plan of plans) {
    const indexes: number[] = [];
    for (const event of plan.events) {
      const { type, dmsId } = event as { type: string; dmsId: string };
      const key = `${type}:${dmsId}`;
      let index = eventOf.get(key);
      if (index === undefined) {
        index = events.push(event) - 1;
        eventOf.set(key, index);
      }
      indexes.push(index);
    }
    rowEvents.set(plan.rowNumber, indexes);
  }
  const now = new Date();
  const result =
    events.length === 0
      ? null
      : await ingestInTransaction({
          tx,
          actor: systemActor(tenantId, 'imports.run'),
          storeId: state.storeId,
          events,
          now,
        });
  const items = new Map(result?.items.map((item) => [item.index, item]) ?? []);
  await recordCustomerFiles(
    tx,
    tenantId,
    state.storeId,
    plans.flatMap((p) => (p.file ? [p.file] : [])),
    now.toISOString(),
  );

  const rejected: { rowNumber: number; reasons: string }[] = [];
  for (const plan of plans) {
    const reasons = [
      ...plan.errors,
      ...(rowEvents.get(plan.rowNumber) ?? []).flatMap((i) =>
        (items.get(i)?.errors ?? []).map((issue) => issueText(issue, state.mapping, state.headers)),
      ),
    ];
    if (reasons.length > 0)
      rejected.push({ rowNumber: plan.rowNumber, reasons: [...new Set(reasons)].join('; ') });
  }
  // Imported rows whose customer's phone is doubtful go on the uncertain list (rejected rows import nothing).
  const rejectedRows = new Set(rejected.map((r) => r.rowNumber));
  await openImportedUncertainRecords(
    tx,
    tenantId,
    state.storeId,
    plans.flatMap((p) =>
      p.uncertain && !rejectedRows.has(p.rowNumber)
        ? [{ ...p.uncertain, note: `${state.fileName} row ${p.rowNumber} — ${p.uncertain.note}` }]
        : [],
    ),
  );
  if (rejected.length > 0) {
    await tx`
      insert into import_rejections (tenant_id, import_id, row_number, cells, reasons)
      select ${tenantId}, ${importId}, r.row_number,
        -- An empty cell is '' (a NULL inside a text[] reads back as the string "NULL").
        array(select coalesce(c, '') from jsonb_array_elements_text(r.cells) as c), r.reasons
      from jsonb_to_recordset(${tx.json(
        rejected.map((r) => ({
          row_number: r.rowNumber,
          reasons: r.reasons,
          cells: cells.get(r.rowNumber) ?? [],
        })),
      )}) as r(row_number integer, reasons text, cells jsonb)
      on conflict do nothing`;
  }
  const counts = result?.counts ?? { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  await tx`
    update imports set
      status = ${end === 'done' ? 'done' : 'running'},
      checkpoint_row = ${last},
      rows_imported = rows_imported + ${plans.length - rejected.length},
      rows_rejected = rows_rejected + ${rejected.length},
      events_created = events_created + ${counts.created},
      events_updated = events_updated + ${counts.updated},
      events_unchanged = events_unchanged + ${counts.unchanged},
      finished_at = ${end === 'done' ? now : null},
      updated_at = now()
    where id = ${importId}`;
  if (end === 'continue') {
    const jobId = await enqueue(tx, tenantId, 'imports.run', { importId });
    await tx`update imports set job_id = ${jobId} where id = ${importId}`;
  }
}
