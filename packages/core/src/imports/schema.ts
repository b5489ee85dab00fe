import { z } from 'zod';
import { importFields } from './columns.ts';

export const ImportFieldName = z.enum(importFields as [string, ...string[]]).meta({ id: 'ImportField' });

/**
 * Field → column, adjusting the automatic mapping by hand: a zero-based column index or
 * the header as written; null leaves the field out. Fields not named keep the automatic choice.
 */
export const ImportMapping = z
  .partialRecord(
    ImportFieldName,
    z.union([z.number().int().min(0).max(499), z.string().min(1).max(100)]).nullable(),
  )
  .meta({ id: 'ImportMapping' });
export type ImportMapping = z.infer<typeof ImportMapping>;

export const StartImport = z
  .object({ mapping: ImportMapping.optional() })
  .strict()
  .meta({ id: 'StartImport' });
export type StartImport = z.infer<typeof StartImport>;

export const ImportPreviewRow = z.object({
  rowNumber: z.number().int().describe('As Excel numbers it: the header is row 1'),
  cells: z.array(z.string().nullable()),
  /** What the row would become: delivery, repairOrder, file (customer and vehicle only). */
  becomes: z.array(z.enum(['delivery', 'repairOrder', 'file'])),
  errors: z.array(z.string()).describe('Each names the column as the file heads it'),
  uncertain: z
    .object({ reason: z.enum(['wrongNumber', 'emptyNumber']), note: z.string() })
    .nullable()
    .describe(
      "The customer's phone is doubtful (not a valid mobile: imported without it; or empty): once imported, " +
        'the customer goes on the uncertain-customer list (source import) unless their file has a mobile by then',
    ),
});

export const ImportView = z
  .object({
    id: z.uuid(),
    storeId: z.uuid(),
    fileName: z.string(),
    format: z.enum(['csv', 'xlsx']),
    sizeBytes: z.number().int(),
    status: z.enum(['uploaded', 'queued', 'running', 'done', 'failed']),
    headers: z.array(z.string()),
    /** Field → zero-based column index. */
    mapping: z.record(z.string(), z.number().int()),
    /** Headers no field is mapped to: their columns are not imported. */
    unmappedHeaders: z.array(z.string()),
    totalRows: z.number().int(),
    processedRows: z.number().int(),
    percent: z.number().int().min(0).max(100),
    counts: z.object({
      imported: z.number().int(),
      rejected: z.number().int(),
      eventsCreated: z.number().int(),
      eventsUpdated: z.number().int(),
      eventsUnchanged: z.number().int(),
    }),
    failure: z.string().nullable().describe('Why the import failed, in Chinese, as the web shows it'),
    resumable: z
      .boolean()
      .describe(
        'Failed while running with its file kept: POST …/resume queues it again from its last committed row',
      ),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'Import' });
export type ImportView = z.infer<typeof ImportView>;

export const ImportDryRun = z
  .object({
    import: ImportView,
    /** The first rows as they would be imported with this mapping, and their errors. */
    preview: z.array(ImportPreviewRow),
  })
  .meta({ id: 'ImportDryRun' });
export type ImportDryRun = z.infer<typeof ImportDryRun>;
