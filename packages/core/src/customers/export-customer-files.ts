import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { recordAudit } from '../audit/record.ts';
import type { Database } from '../db/database.ts';
import { forbidden } from '../errors.ts';
import { type Actor, assertStoreCan, canAtStore } from '../identity/actor.ts';
import { requireStore } from '../tenancy/stores.ts';
import { logPersonalDataAccess } from './get-customer-file.ts';
import { confidentialFields, maskConfidential } from './masking.ts';
import { searchTermKind } from './search-customer-files.ts';

/** The customer page's search, optional here (none: every file of the store), and whether to unmask. */
export const ExportCustomerFilesQuery = z.object({
  q: z
    .string()
    .trim()
    .min(2)
    .max(60)
    .optional()
    .describe('As on the customer page: a name (prefix), a phone tail, a plate, a VIN or its last 6'),
  unmask: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: phones, ID numbers and addresses in clear (HQ, store admin and CR manager only)'),
});
export type ExportCustomerFilesQuery = z.infer<typeof ExportCustomerFilesQuery>;

export interface ExportCustomerFilesOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  query: ExportCustomerFilesQuery;
  requestId?: string;
}

interface ExportRow {
  customerName: string | null;
  gender: string | null;
  mobile: string | null;
  landline: string | null;
  idNumber: string | null;
  homeAddress: string | null;
  mailingAddress: string | null;
  city: string | null;
  vin: string;
  plate: string | null;
  brand: string | null;
  series: string | null;
  model: string | null;
  deliveryDate: string | null;
  cardType: string | null;
  abcGrade: string | null;
  lastVisitOn: string | null;
  cumulativeSpendFen: number;
  vip: boolean | null;
  uncertain: boolean | null;
}

const columns: { header: string; key: keyof ExportRow; width: number }[] = [
  { header: '客户姓名', key: 'customerName', width: 12 },
  { header: '性别', key: 'gender', width: 6 },
  { header: '手机', key: 'mobile', width: 14 },
  { header: '固定电话', key: 'landline', width: 14 },
  { header: '身份证号', key: 'idNumber', width: 20 },
  { header: '家庭住址', key: 'homeAddress', width: 24 },
  { header: '通讯地址', key: 'mailingAddress', width: 24 },
  { header: '城市', key: 'city', width: 8 },
  { header: '车架号', key: 'vin', width: 20 },
  { header: '车牌号', key: 'plate', width: 10 },
  { header: '品牌', key: 'brand', width: 8 },
  { header: '车系', key: 'series', width: 10 },
  { header: '车型', key: 'model', width: 16 },
  { header: '交车日期', key: 'deliveryDate', width: 11 },
  { header: '卡类型', key: 'cardType', width: 7 },
  { header: 'ABC等级', key: 'abcGrade', width: 8 },
  { header: '最近来店', key: 'lastVisitOn', width: 11 },
  { header: '累计消费(元)', key: 'cumulativeSpendFen', width: 12 },
  { header: 'VIP', key: 'vip', width: 5 },
  { header: '号码存疑', key: 'uncertain', width: 8 },
];
const genders: Record<string, string> = { male: '男', female: '女' };
const yes = (value: boolean | null) => (value ? '是' : '');

/**
 * 客户档案 as XLSX: one line per file (car and owner) of the store, filtered like the
 * customer page's search. Personal fields are masked exactly as the page masks them, unless
 * `unmask` is asked for by a role that may export them in clear (`customers.exportUnmasked`:
 * the managers, not the receptionists and callback specialists who unmask one file at a time). Every export is written to the
 * audit log (who, when, the filters, the row count, masked or not) and an unmasked one also
 * to the personal-data access log, in the transaction that read the rows. Rows are read by
 * cursor and written by exceljs's streaming writer, so a large store is never held as objects.
 */
export async function exportCustomerFiles({
  db,
  actor,
  storeId,
  query,
  requestId,
}: ExportCustomerFilesOptions): Promise<{
  fileName: string;
  bytes: Uint8Array;
  rowCount: number;
  masked: boolean;
}> {
  assertStoreCan(actor, storeId, 'customers.read');
  const unmask = query.unmask === 'true';
  if (unmask && !canAtStore(actor, storeId, 'customers.exportUnmasked'))
    throw forbidden('Your role exports personal data masked only');

  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    output.on('end', resolve);
    output.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true });
  const sheet = workbook.addWorksheet('客户档案');
  sheet.columns = columns;
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();

  const search = query.q ? searchTermKind(query.q) : null;
  const rowCount = await db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    const match = !search
      ? tx`true`
      : search.kind === 'phoneTail'
        ? tx`c.mobile_tail = ${search.term.slice(-4)} and c.mobile like ${`%${search.term}`}`
        : search.kind === 'vin'
          ? tx`v.vin = ${search.term}`
          : search.kind === 'vinTail'
            ? tx`right(v.vin, 6) = ${search.term}`
            : search.kind === 'plate'
              ? tx`v.plate = ${search.term}`
              : tx`c.name like ${`${search.term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`}`;
    let count = 0;
    await tx<ExportRow[]>`
      select c.name as customer_name, c.gender, c.mobile, c.landline, c.id_number, c.home_address, c.mailing_address,
        c.city, v.vin, v.plate, v.brand, v.series, v.model, v.delivery_date, v.card_type, v.abc_grade, v.last_visit_on,
        v.cumulative_spend_fen::float8 as cumulative_spend_fen, c.vip, c.uncertain
      from vehicles v
      left join customers c on c.tenant_id = v.tenant_id and c.id = v.current_owner_id
      where v.tenant_id = ${actor.tenantId} and v.store_id = ${storeId} and ${match}
      order by c.name, v.vin`.cursor(500, (rows) => {
      for (const row of rows) {
        const shown = unmask ? row : maskConfidential(row);
        sheet
          .addRow({
            ...shown,
            gender: row.gender ? (genders[row.gender] ?? row.gender) : null,
            cumulativeSpendFen: row.cumulativeSpendFen / 100,
            vip: yes(row.vip),
            uncertain: yes(row.uncertain),
          })
          .commit();
      }
      count += rows.length;
    });
    const filters = { q: query.q ?? null };
    await recordAudit(
      tx,
      actor,
      {
        action: 'customer.export',
        entity: 'customerFiles',
        storeId,
        details: { filters, rowCount: count, masked: !unmask },
      },
      requestId,
    );
    if (unmask)
      await logPersonalDataAccess(
        tx,
        actor,
        { storeId, customerId: null, action: 'export', fields: confidentialFields },
        requestId,
      );
    return count;
  });
  sheet.commit();
  await workbook.commit();
  await finished;
  const date = new Date().toISOString().slice(0, 10);
  return {
    fileName: `客户档案-${date}${unmask ? '' : '-脱敏'}.xlsx`,
    bytes: new Uint8Array(Buffer.concat(chunks)),
    rowCount,
    masked: !unmask,
  };
}
