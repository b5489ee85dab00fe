import ExcelJS from 'exceljs';
import { recordAudit } from '../audit/record.ts';
import type { Database } from '../db/database.ts';
import { localDate } from '../events/store-clock.ts';
import type { Actor } from '../identity/actor.ts';
import { listQualityItems } from './items.ts';
import type { QualityItem, QualityItemQuery } from './schema.ts';

const stateLabels: Record<NonNullable<QualityItemQuery['state']>, string> = {
  open: '未完成',
  overdue: '已逾期',
  completed: '已完成',
};
const verdictLabels: Record<NonNullable<QualityItem['verdict']>, string> = {
  improved: '有改善',
  notImproved: '未改善',
  noData: '无数据',
};

/**
 * The seed's 表15 columns: 序号; 弱项 (EQC名称, 整改月); 原因分析; 整改措施 (整改工作内容, 责任人,
 * 完成时间, 完成情况); 效果评估 (整改月结果, 月+1 … 月+3结果); 检核结果描述. `group` is the
 * heading over a column in the first header row; a column without one spans both rows.
 */
const columns = [
  { head: '序号', width: 6 },
  { group: '弱项', head: 'EQC名称', width: 28 },
  { group: '弱项', head: '整改月', width: 10 },
  { head: '原因分析', width: 30 },
  { group: '整改措施', head: '整改工作内容', width: 36 },
  { group: '整改措施', head: '责任人', width: 12 },
  { group: '整改措施', head: '完成时间', width: 12 },
  { group: '整改措施', head: '完成情况', width: 22 },
  { group: '效果评估', head: '整改月结果', width: 11 },
  { group: '效果评估', head: '月+1结果', width: 11 },
  { group: '效果评估', head: '月+2结果', width: 11 },
  { group: '效果评估', head: '月+3结果', width: 11 },
  { head: '检核结果描述', width: 30 },
] as const;
const firstFigureColumn = 9;

/** The seed's 备注 under the table. */
const notes = [
  '备注:1、本表为满意度例会形成的整改决议跟踪表;',
  '2、弱项EQC指标依据弱项确定;',
  '3、效果评估使用最近3个月累计结果。',
];

/** A share (fully-satisfied rate, yes/no or three-way item) shows as a percentage, a score with two decimals. */
const isShare = (item: QualityItem) =>
  item.subject.measure === 'fullySatisfiedRate' || item.subject.itemType !== 'score';

function completionText(item: QualityItem): string {
  const done = item.completedOn ? `已完成 ${item.completedOn}` : item.overdue ? '已逾期' : '未完成';
  return item.completionNote ? `${done}\n${item.completionNote}` : done;
}

/** Each closed month's verdict against the raised month, then the latest as the conclusion. */
function checkText(item: QualityItem): string {
  const months = item.figures
    .filter((f) => f.offset > 0 && f.verdict)
    .map((f) => `月+${f.offset}(${f.month}):${verdictLabels[f.verdict as keyof typeof verdictLabels]}`);
  if (!months.length) return '待评估';
  return `${months.join(';')}\n结论:${verdictLabels[item.verdict as keyof typeof verdictLabels]}`;
}

/**
 * EQC整改项目跟踪表 as XLSX with the items list's filters (state, month), laid out like the
 * seed's 表15: the title (the store's name, then EQC整改项目跟踪表), the filters it was cut
 * with, the two header rows (弱项 / 整改措施 / 效果评估 over their columns), one row per item
 * in the list's order, the figures of the raised month and months +1 … +3 as numbers (a
 * percentage for a rate or yes/no item; blank until the month closes; 无数据 when it closed
 * without answers), and the seed's 备注. The export is audited.
 */
export async function qualityItemsWorkbook({
  db,
  actor,
  storeId,
  query,
  requestId,
  now = new Date(),
}: {
  db: Database;
  actor: Actor;
  storeId: string;
  query: QualityItemQuery;
  requestId?: string;
  now?: Date;
}): Promise<{ fileName: string; bytes: Uint8Array; rows: number }> {
  const items = await listQualityItems({ db, actor, storeId, query, now });
  const store = await db.withTenant(actor.tenantId, async (tx) => {
    const [row] = await tx<{ name: string; timeZone: string }[]>`
      select name, time_zone from stores where id = ${storeId}`;
    return row as { name: string; timeZone: string };
  });
  const title = `${store.name}EQC整改项目跟踪表`;
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('EQC整改项目跟踪表');
  sheet.addRow([title]);
  sheet.mergeCells(1, 1, 1, columns.length);
  const filters = [
    query.state ? `状态:${stateLabels[query.state]}` : '',
    query.month ? `整改月:${query.month}` : '',
  ].filter(Boolean);
  sheet.addRow([`筛选:${filters.length ? filters.join(';') : '全部'};共 ${items.length} 项`]);
  sheet.mergeCells(2, 1, 2, columns.length);

  const groups = sheet.addRow(columns.map((c) => ('group' in c ? c.group : c.head)));
  const heads = sheet.addRow(columns.map((c) => c.head));
  const headRow = groups.number;
  // A column without a group spans both header rows; a group's heading spans its columns.
  columns.forEach((c, i) => {
    const group = 'group' in c ? c.group : null;
    if (!group) sheet.mergeCells(headRow, i + 1, headRow + 1, i + 1);
    const previous = columns[i - 1];
    if (!group || (previous && 'group' in previous && previous.group === group)) return;
    let last = i;
    for (let j = i + 1; j < columns.length; j++) {
      const next = columns[j];
      if (!next || !('group' in next) || next.group !== group) break;
      last = j;
    }
    sheet.mergeCells(headRow, i + 1, headRow, last + 1);
  });
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.getRow(1).alignment = { horizontal: 'center' };
  for (const row of [groups, heads]) {
    row.font = { bold: true };
    row.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  }

  items.forEach((item, index) => {
    const figureCells = [0, 1, 2, 3].map((offset) => {
      const figure = item.figures.find((f) => f.offset === offset);
      if (!figure) return '';
      return figure.figure === null ? '无数据' : figure.figure;
    });
    const row = sheet.addRow([
      index + 1,
      item.subject.label,
      item.month,
      item.cause,
      item.measures,
      item.owner.name,
      item.dueOn,
      completionText(item),
      ...figureCells,
      checkText(item),
    ]);
    row.alignment = { vertical: 'top', wrapText: true };
    const format = isShare(item) ? '0.0%' : '0.00';
    for (let i = 0; i < 4; i++) row.getCell(firstFigureColumn + i).numFmt = format;
  });

  for (const note of notes) {
    const row = sheet.addRow([note]);
    sheet.mergeCells(row.number, 1, row.number, columns.length);
    row.font = { italic: true };
  }
  columns.forEach((c, i) => {
    sheet.getColumn(i + 1).width = c.width;
  });
  sheet.views = [{ state: 'frozen', ySplit: headRow + 1 }];

  await db.withTenant(actor.tenantId, (tx) =>
    recordAudit(
      tx,
      actor,
      {
        action: 'quality.items.export',
        entity: 'qualityItem',
        storeId,
        details: { filters: query, rows: items.length },
      },
      requestId,
    ),
  );
  const buffer = await workbook.xlsx.writeBuffer();
  const day = localDate(now, store.timeZone);
  return { fileName: `${title}-${day}.xlsx`, bytes: new Uint8Array(buffer), rows: items.length };
}
