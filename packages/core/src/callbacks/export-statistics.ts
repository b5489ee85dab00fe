import ExcelJS from 'exceljs';
import { recordAudit } from '../audit/record.ts';
import type { Database } from '../db/database.ts';
import type { Actor } from '../identity/actor.ts';
import type { StatisticsDimension, StatisticsQuery, StatisticsRow } from './schema.ts';
import { callbackStatistics } from './statistics.ts';

const titles: Record<StatisticsDimension, { title: string; person: string; events: string }> = {
  salesConsultant: { title: '销售顾问满意率统计表', person: '销售顾问', events: '新车交付数' },
  serviceAdvisor: { title: '服务顾问满意率统计表', person: '服务顾问', events: '维修台次' },
  repairTeam: { title: '维修班组满意率统计表', person: '维修班组', events: '维修台次' },
};

/** Fixed columns: [top header, sub header]; an empty top header spans the two rows. */
const fixed = (by: StatisticsDimension): [string, string][] => [
  [titles[by].person, ''],
  [titles[by].events, ''],
  ['回访数', ''],
  ['回访成功数', ''],
  ['回访未成功数', '拒访+无人接听'],
  ['回访未成功数', '无法接通(关机、停机、占线、呼入限制)'],
  ['回访未成功数', '其他'],
  [`回访成功率(回访成功数/${titles[by].events})`, ''],
  ['完全满意数量(8-10)', ''],
  ['基本满意数量(6-8)', ''],
  ['不满意数量(0-6)', ''],
  ['完全满意率(完全满意数/回访成功数)', ''],
  ['基本满意率(基本满意数/回访成功数)', ''],
];

/** A rate as the sheet shows it: a fraction formatted as a percentage, "—" when its base is zero. */
const rateCell = (rate: number | null) => (rate === null ? '—' : rate);

/**
 * 满意率统计表 as XLSX, laid out like the seed's tables: the title, a two-level header (the
 * unsuccessful calls split by reason), one line per person, 合计 last; then the average of
 * each questionnaire item; a second sheet with the store's monthly trend over the twelve months
 * up to the period's end (the figures only: exceljs writes no charts, so the sheet is laid out
 * for Excel's own chart). Names of staff only, no customer data; the export is audited.
 */
export async function statisticsWorkbook({
  db,
  actor,
  storeId,
  query,
  requestId,
}: {
  db: Database;
  actor: Actor;
  storeId: string;
  query: StatisticsQuery;
  requestId?: string;
}): Promise<{ fileName: string; bytes: Uint8Array }> {
  const table = await callbackStatistics({ db, actor, storeId, query });
  const { title } = titles[table.by];
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(title);
  const columns = fixed(table.by);
  const itemHeads = new Map<string, string>();
  for (const row of [...table.rows, table.total])
    for (const item of row.items) itemHeads.set(item.itemId, item.label);
  const width = columns.length + itemHeads.size;

  sheet.addRow([title]);
  sheet.mergeCells(1, 1, 1, width);
  sheet.addRow([`统计期间:${table.from} 至 ${table.to}`]);
  sheet.mergeCells(2, 1, 2, width);
  const top = sheet.addRow([...columns.map(([t]) => t), ...[...itemHeads.keys()].map(() => '问卷各项平均')]);
  const sub = sheet.addRow([...columns.map(([, s]) => s), ...itemHeads.values()]);
  columns.forEach(([, s], i) => {
    if (s === '') sheet.mergeCells(top.number, i + 1, sub.number, i + 1);
  });
  sheet.mergeCells(top.number, 5, top.number, 7);
  if (itemHeads.size > 0) sheet.mergeCells(top.number, columns.length + 1, top.number, width);
  for (const r of [1, top.number, sub.number]) sheet.getRow(r).font = { bold: true };
  sheet.getRow(1).alignment = { horizontal: 'center' };
  for (const r of [top.number, sub.number])
    sheet.getRow(r).alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };

  const line = (row: StatisticsRow) => [
    row.name,
    row.events,
    row.attempted,
    row.reached,
    row.unsuccessful.refusedOrNoAnswer,
    row.unsuccessful.cannotConnect,
    row.unsuccessful.other,
    rateCell(row.successRate),
    row.fullySatisfied,
    row.basicallySatisfied,
    row.dissatisfied,
    rateCell(row.fullySatisfiedRate),
    rateCell(row.basicallySatisfiedRate),
    ...[...itemHeads.keys()].map((id) => {
      const item = row.items.find((i) => i.itemId === id);
      return item?.average ?? '—';
    }),
  ];
  for (const row of [...table.rows, table.total]) {
    const added = sheet.addRow(line(row));
    for (const c of [8, 12, 13]) added.getCell(c).numFmt = '0.0%';
    [...itemHeads.keys()].forEach((id, i) => {
      const type = row.items.find((item) => item.itemId === id)?.type;
      added.getCell(columns.length + 1 + i).numFmt = type === 'score' ? '0.0' : '0.0%';
    });
  }
  const totalRow = sheet.lastRow;
  if (totalRow) totalRow.font = { bold: true };
  sheet.columns.forEach((column, i) => {
    column.width = i === 0 ? 14 : 12;
  });

  await addTrendSheet(workbook, { db, actor, storeId, by: table.by, lastMonth: table.to.slice(0, 7) });

  await db.withTenant(actor.tenantId, (tx) =>
    recordAudit(
      tx,
      actor,
      {
        action: 'callback.statistics.export',
        entity: 'callbackStatistics',
        storeId,
        details: { by: table.by, from: table.from, to: table.to },
      },
      requestId,
    ),
  );
  const buffer = await workbook.xlsx.writeBuffer();
  return { fileName: `${title}-${table.from}-${table.to}.xlsx`, bytes: new Uint8Array(buffer) };
}

/** 月度趋势: the store's totals for each of the twelve months ending with `lastMonth`. */
async function addTrendSheet(
  workbook: ExcelJS.Workbook,
  {
    db,
    actor,
    storeId,
    by,
    lastMonth,
  }: { db: Database; actor: Actor; storeId: string; by: StatisticsDimension; lastMonth: string },
): Promise<void> {
  const [year, month] = lastMonth.split('-').map(Number) as [number, number];
  const months = Array.from({ length: 12 }, (_, i) =>
    new Date(Date.UTC(year, month - 12 + i, 1)).toISOString().slice(0, 7),
  );
  const sheet = workbook.addWorksheet('月度趋势');
  sheet.addRow([
    '月份',
    titles[by].events,
    '回访数',
    '回访成功数',
    '回访成功率',
    '完全满意率',
    '基本满意率',
  ]).font = { bold: true };
  for (const m of months) {
    const { total } = await callbackStatistics({ db, actor, storeId, query: { by, month: m } });
    const row = sheet.addRow([
      m,
      total.events,
      total.attempted,
      total.reached,
      rateCell(total.successRate),
      rateCell(total.fullySatisfiedRate),
      rateCell(total.basicallySatisfiedRate),
    ]);
    for (const c of [5, 6, 7]) row.getCell(c).numFmt = '0.0%';
  }
  sheet.columns.forEach((column) => {
    column.width = 12;
  });
}
