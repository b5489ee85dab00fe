import ExcelJS from 'exceljs';
import { recordAudit } from '../audit/record.ts';
import { statisticsWorkbook } from '../callbacks/export-statistics.ts';
import { complaintReportWorkbook } from '../complaints/report-workbook.ts';
import type { Database } from '../db/database.ts';
import { localDate } from '../events/store-clock.ts';
import type { Actor } from '../identity/actor.ts';
import { copySheetFrom } from './copy-sheet.ts';
import { reportPack } from './report-pack.ts';
import type { CardAnalysis, ReportPack } from './schema.ts';

/** The sheets of the month's workbook, in order: one per report of the pack. */
export const packSheets = [
  '销售顾问满意率统计表',
  '服务顾问满意率统计表',
  '维修班组满意率统计表',
  '回访不成功明细表',
  'A卡分析表',
  'C卡分析表',
  '投诉统计表',
  '投诉超时明细',
  '短信发送统计',
  '流失客户联络统计',
  '会员统计',
] as const;

const bucketLabels: Record<string, string> = {
  refusedOrNoAnswer: '拒访+无人接听',
  cannotConnect: '无法接通',
  other: '其他',
};
const reasonLabels: Record<string, string> = {
  refused: '拒访',
  noAnswer: '无人接听',
  lineBusy: '占线',
  poweredOff: '关机',
  suspended: '停机',
  callBarred: '呼入限制',
  cannotConnect: '无法接通',
};
const lostResultLabels: Record<string, string> = {
  reached: '已联系上',
  notReached: '未联系上',
  appointmentMade: '已预约回店',
  refused: '拒绝',
  wrongNumber: '号码错误',
};

const chineseDay = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/** Title over the width, then the 数据搜集期间 line, as the seed's tables open. */
function heading(sheet: ExcelJS.Worksheet, title: string, pack: ReportPack, width: number): void {
  sheet.addRow([`${pack.storeName} ${title}`]);
  sheet.mergeCells(1, 1, 1, Math.max(width, 1));
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.getRow(1).alignment = { horizontal: 'center' };
  sheet.addRow([`数据搜集期间 ${chineseDay(pack.from)}起至${chineseDay(pack.to)}`]);
  sheet.mergeCells(2, 1, 2, Math.max(width, 1));
}

function headerRow(sheet: ExcelJS.Worksheet, cells: string[]): void {
  const row = sheet.addRow(cells);
  row.font = { bold: true };
  row.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
}

/** 回访不成功明细表 as the seed heads it; phones masked as everywhere outside the file. */
function unsuccessfulSheet(workbook: ExcelJS.Workbook, pack: ReportPack): void {
  const sheet = workbook.addWorksheet('回访不成功明细表');
  const heads = [
    '序号',
    'VIN号',
    '客户姓名',
    '客户联系电话',
    '车型',
    '回访状态',
    '回访专员姓名',
    '回访时间',
    '销售、服务顾问',
    '原因',
    '备注',
  ];
  heading(sheet, '回访不成功明细表', pack, heads.length);
  headerRow(sheet, heads);
  pack.unsuccessfulCallbacks.forEach((u, i) => {
    sheet.addRow([
      i + 1,
      u.vin,
      u.customerName,
      u.mobile ?? '',
      u.model ?? '',
      bucketLabels[u.bucket] ?? u.bucket,
      u.calledByName ?? '',
      `${localDate(u.calledAt, pack.timeZone)}`,
      u.staffName ?? '',
      u.reason ? (reasonLabels[u.reason] ?? u.reason) : '',
      u.note ?? '',
    ]);
  });
  for (const [i, w] of [6, 20, 10, 14, 12, 14, 12, 12, 12, 14, 20].entries())
    sheet.getColumn(i + 1).width = w;
}

/** A卡/C卡分析表: 车系 down the side, each field's values across under the field, 合计 last. */
function cardSheet(workbook: ExcelJS.Workbook, pack: ReportPack, analysis: CardAnalysis): void {
  const title = `${analysis.card}卡分析表`;
  const sheet = workbook.addWorksheet(title);
  const columns = analysis.dimensions.flatMap((d) =>
    d.values.map((value) => ({ dimension: d.dimension, value })),
  );
  const width = 2 + columns.length;
  heading(sheet, title, pack, width);
  headerRow(sheet, [
    '车系',
    '合计',
    ...analysis.dimensions.flatMap((d) => d.values.map((_, i) => (i === 0 ? d.dimension : ''))),
  ]);
  headerRow(sheet, ['', '', ...columns.map((c) => c.value)]);
  sheet.mergeCells(3, 1, 4, 1);
  sheet.mergeCells(3, 2, 4, 2);
  let col = 3;
  for (const d of analysis.dimensions) {
    if (d.values.length > 1) sheet.mergeCells(3, col, 3, col + d.values.length - 1);
    col += d.values.length;
  }
  const cellsOf = (cells: CardAnalysis['rows'][number]['cells']) =>
    columns.map((c) => cells.find((x) => x.dimension === c.dimension && x.value === c.value)?.count ?? 0);
  for (const row of analysis.rows) sheet.addRow([row.model, row.total, ...cellsOf(row.cells)]);
  const totals = columns.map((c) =>
    analysis.rows.reduce(
      (n, r) => n + (r.cells.find((x) => x.dimension === c.dimension && x.value === c.value)?.count ?? 0),
      0,
    ),
  );
  sheet.addRow(['合计', analysis.total, ...totals]).font = { bold: true };
  sheet.addRow([]);
  sheet.addRow([`客户档案未记录(本表不统计):${analysis.notRecorded.join('、')}`]);
  sheet.getColumn(1).width = 14;
}

function smsSheet(workbook: ExcelJS.Workbook, pack: ReportPack): void {
  const sheet = workbook.addWorksheet('短信发送统计');
  const heads = ['原因类型', '发送数', '已发出', '已送达', '客户回复'];
  heading(sheet, '短信发送统计', pack, heads.length);
  headerRow(sheet, heads);
  for (const r of pack.sms.byReason) sheet.addRow([r.reason, r.requested, r.sent, r.delivered, r.replied]);
  const s = pack.sms;
  sheet.addRow(['合计', s.requested, s.sent, s.delivered, s.replied]).font = { bold: true };
  sheet.addRow([]);
  sheet.addRow(['发送失败', s.failed]);
  sheet.addRow(['退订未发', s.suppressed]);
  sheet.getColumn(1).width = 16;
}

function lostSheet(workbook: ExcelJS.Workbook, pack: ReportPack): void {
  const sheet = workbook.addWorksheet('流失客户联络统计');
  const l = pack.lostCustomers;
  heading(sheet, '流失客户联络统计', pack, 4);
  headerRow(sheet, ['联络次数', '联络客户(车)数', '联系上客户数', '挽回客户数']);
  sheet.addRow([l.contacts, l.contacted, l.reached, l.wonBack]);
  sheet.addRow([]);
  headerRow(sheet, ['联络结果', '次数']);
  for (const r of l.byResult) sheet.addRow([lostResultLabels[r.result] ?? r.result, r.count]);
  for (let c = 1; c <= 4; c++) sheet.getColumn(c).width = 16;
}

function membershipSheet(workbook: ExcelJS.Workbook, pack: ReportPack): void {
  const sheet = workbook.addWorksheet('会员统计');
  const m = pack.membership;
  heading(sheet, '会员统计', pack, 4);
  headerRow(sheet, ['新办会员卡', '积分发放', '积分兑换', '其他扣减(过期、调整)']);
  sheet.addRow([m.cardsIssued, m.pointsEarned, m.pointsRedeemed, m.pointsOtherDebits]);
  sheet.addRow([]);
  headerRow(sheet, ['会员级别', '新办卡数']);
  for (const r of m.byTier) sheet.addRow([r.tier, r.count]);
  for (let c = 1; c <= 4; c++) sheet.getColumn(c).width = 18;
}

/**
 * 下载本月报表: the month's whole pack as one workbook, one sheet per report. The
 * satisfaction and complaint sheets are those areas' own exports, copied in as they lay
 * them out; the rest are laid out here like the seed's tables. The download is audited.
 */
export async function reportPackWorkbook({
  db,
  actor,
  storeId,
  month,
  requestId,
  now = new Date(),
}: {
  db: Database;
  actor: Actor;
  storeId: string;
  month: string;
  requestId?: string;
  now?: Date;
}): Promise<{ fileName: string; bytes: Uint8Array }> {
  const pack = await reportPack({ db, actor, storeId, month, now });
  const workbook = new ExcelJS.Workbook();
  for (const [by, name] of [
    ['salesConsultant', '销售顾问满意率统计表'],
    ['serviceAdvisor', '服务顾问满意率统计表'],
    ['repairTeam', '维修班组满意率统计表'],
  ] as const) {
    const exported = await statisticsWorkbook({ db, actor, storeId, query: { by, month }, requestId });
    await copySheetFrom(exported.bytes, name, workbook, name);
  }
  unsuccessfulSheet(workbook, pack);
  cardSheet(workbook, pack, pack.cards.A);
  cardSheet(workbook, pack, pack.cards.C);
  const complaints = await complaintReportWorkbook({
    db,
    actor,
    storeId,
    query: { from: pack.from, to: pack.to },
    now,
  });
  await copySheetFrom(complaints.bytes, '投诉统计表', workbook, '投诉统计表');
  await copySheetFrom(complaints.bytes, '超时明细', workbook, '投诉超时明细');
  smsSheet(workbook, pack);
  lostSheet(workbook, pack);
  membershipSheet(workbook, pack);

  await db.withTenant(actor.tenantId, (tx) =>
    recordAudit(
      tx,
      actor,
      { action: 'reports.pack.export', entity: 'reportPack', storeId, details: { month } },
      requestId,
    ),
  );
  return {
    fileName: `${pack.storeCode}-月度报表-${month}.xlsx`,
    bytes: new Uint8Array(await workbook.xlsx.writeBuffer()),
  };
}
