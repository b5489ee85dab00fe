import ExcelJS from 'exceljs';
import { recordAudit } from '../audit/record.ts';
import type { Database } from '../db/database.ts';
import type { Actor } from '../identity/actor.ts';
import type { StatisticsDimension, StatisticsQuery, StatisticsRow } from './schema.ts';
import { callbackStatistics, groupCallbackStatistics } from './statistics.ts';
import { addLineChart } from './xlsx-line-chart.ts';

const titles: Record<StatisticsDimension, { title: string; person: string; events: string }> = {
  salesConsultant: { title: '销售顾问满意率统计表', person: '销售顾问', events: '新车交付数' },
  serviceAdvisor: { title: '服务顾问满意率统计表', person: '服务顾问', events: '维修台次' },
  repairTeam: { title: '维修班组满意率统计表', person: '维修班组', events: '维修台次' },
};

/** Fixed columns: [top header, sub header]; an empty top header spans the two rows. */
const fixed = (by: StatisticsDimension, first = titles[by].person): [string, string][] => [
  [first, ''],
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

interface SheetLayout {
  title: string;
  by: StatisticsDimension;
  from: string;
  to: string;
  /** The first column's head: the person (a store's table) or 门店 (HQ's). */
  first?: string;
  rows: StatisticsRow[];
  total: StatisticsRow;
  /** A last column after the item averages (HQ: the rank), with its value per row. */
  last?: { head: string; value: (row: StatisticsRow) => string | number };
}

/**
 * One 满意率统计表 sheet laid out like the seed's: the title, the period, a two-level header (the
 * unsuccessful calls split by reason), one line per row, 合计 last, then the average of each
 * questionnaire item.
 */
function addStatisticsSheet(workbook: ExcelJS.Workbook, layout: SheetLayout): void {
  const { title, by, rows, total, last } = layout;
  const sheet = workbook.addWorksheet(title);
  const columns = fixed(by, layout.first);
  const itemHeads = new Map<string, string>();
  for (const row of [...rows, total]) for (const item of row.items) itemHeads.set(item.itemId, item.label);
  const width = columns.length + itemHeads.size + (last ? 1 : 0);

  sheet.addRow([title]);
  sheet.mergeCells(1, 1, 1, width);
  sheet.addRow([`统计期间:${layout.from} 至 ${layout.to}`]);
  sheet.mergeCells(2, 1, 2, width);
  const top = sheet.addRow([
    ...columns.map(([t]) => t),
    ...[...itemHeads.keys()].map(() => '问卷各项平均'),
    ...(last ? [last.head] : []),
  ]);
  const sub = sheet.addRow([...columns.map(([, s]) => s), ...itemHeads.values(), ...(last ? [''] : [])]);
  columns.forEach(([, s], i) => {
    if (s === '') sheet.mergeCells(top.number, i + 1, sub.number, i + 1);
  });
  sheet.mergeCells(top.number, 5, top.number, 7);
  if (itemHeads.size > 0)
    sheet.mergeCells(top.number, columns.length + 1, top.number, columns.length + itemHeads.size);
  if (last) sheet.mergeCells(top.number, width, sub.number, width);
  for (const r of [1, top.number, sub.number]) sheet.getRow(r).font = { bold: true };
  sheet.getRow(1).alignment = { horizontal: 'center' };
  for (const r of [top.number, sub.number])
    sheet.getRow(r).alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };

  const line = (row: StatisticsRow, isTotal: boolean) => [
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
    ...(last ? [isTotal ? '' : last.value(row)] : []),
  ];
  for (const row of [...rows, total]) {
    const added = sheet.addRow(line(row, row === total));
    for (const c of [8, 12, 13]) added.getCell(c).numFmt = '0.0%';
    [...itemHeads.keys()].forEach((id, i) => {
      const type = row.items.find((item) => item.itemId === id)?.type;
      added.getCell(columns.length + 1 + i).numFmt = type === 'score' ? '0.0' : '0.0%';
    });
  }
  const totalRow = sheet.lastRow;
  if (totalRow) totalRow.font = { bold: true };
  sheet.columns.forEach((column, i) => {
    column.width = i === 0 ? 16 : 12;
  });
}

/** The twelve months ending with `lastMonth` (YYYY-MM). */
function twelveMonths(lastMonth: string): string[] {
  const [year, month] = lastMonth.split('-').map(Number) as [number, number];
  return Array.from({ length: 12 }, (_, i) =>
    new Date(Date.UTC(year, month - 12 + i, 1)).toISOString().slice(0, 7),
  );
}

const trendSheetName = '月度趋势';

/**
 * 月度趋势: the totals of each month (events, attempted, reached and the three rates), with
 * extra columns after them (HQ: each store's fully-satisfied rate); a rate with a zero base is
 * left blank, so the chart shows a gap rather than a zero.
 */
function addTrendSheet(
  workbook: ExcelJS.Workbook,
  by: StatisticsDimension,
  months: { month: string; total: StatisticsRow; extra?: (number | null)[] }[],
  extraHeads: string[] = [],
): void {
  const sheet = workbook.addWorksheet(trendSheetName);
  sheet.addRow([
    '月份',
    titles[by].events,
    '回访数',
    '回访成功数',
    '回访成功率',
    '完全满意率',
    '基本满意率',
    ...extraHeads,
  ]).font = { bold: true };
  for (const { month, total, extra = [] } of months) {
    const row = sheet.addRow([
      month,
      total.events,
      total.attempted,
      total.reached,
      total.successRate,
      total.fullySatisfiedRate,
      total.basicallySatisfiedRate,
      ...extra,
    ]);
    for (let c = 5; c <= 7 + extra.length; c++) row.getCell(c).numFmt = '0.0%';
  }
  sheet.columns.forEach((column) => {
    column.width = 12;
  });
}

/** The trend sheet's line chart of the three rates, beside its figures. */
function trendChart(title: string, months: { month: string; total: StatisticsRow }[], width: number) {
  const rows = months.length + 1;
  const rates = [
    ['E', '回访成功率', (r: StatisticsRow) => r.successRate],
    ['F', '完全满意率', (r: StatisticsRow) => r.fullySatisfiedRate],
    ['G', '基本满意率', (r: StatisticsRow) => r.basicallySatisfiedRate],
  ] as const;
  return {
    sheetName: trendSheetName,
    title: `${title} 月度趋势`,
    categoriesRange: `A2:A${rows}`,
    categories: months.map((m) => m.month),
    series: rates.map(([col, name, rate]) => ({
      nameCell: `${col}1`,
      name,
      valuesRange: `${col}2:${col}${rows}`,
      values: months.map((m) => rate(m.total)),
    })),
    anchor: { fromCol: width + 1, fromRow: 1, toCol: width + 11, toRow: 22 },
    percent: true,
  };
}

/**
 * 满意率统计表 of one store as XLSX, laid out like the seed's tables; a second sheet 月度趋势 with
 * the store's totals for the twelve months up to the period's end and an Excel line chart of
 * its rates. Names of staff only, no customer data; the export is audited.
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
  addStatisticsSheet(workbook, { title, ...table });
  const months = [];
  for (const month of twelveMonths(table.to.slice(0, 7))) {
    const { total } = await callbackStatistics({ db, actor, storeId, query: { by: table.by, month } });
    months.push({ month, total });
  }
  addTrendSheet(workbook, table.by, months);

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
  const bytes = await addLineChart(await workbook.xlsx.writeBuffer(), trendChart(title, months, 7));
  return { fileName: `${title}-${table.from}-${table.to}.xlsx`, bytes };
}

/** The group's line: the stores' counts summed; each item's average weighted by its answers. */
function groupTotal(stores: StatisticsRow[]): StatisticsRow {
  const sum = (pick: (r: StatisticsRow) => number) => stores.reduce((n, r) => n + pick(r), 0);
  const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);
  const events = sum((r) => r.events);
  const reached = sum((r) => r.reached);
  const fullySatisfied = sum((r) => r.fullySatisfied);
  const basicallySatisfied = sum((r) => r.basicallySatisfied);
  const items = new Map<string, StatisticsRow['items'][number] & { weighted: number }>();
  for (const item of stores.flatMap((r) => r.items)) {
    const seen = items.get(item.itemId) ?? { ...item, average: null, answered: 0, weighted: 0 };
    seen.answered += item.answered;
    seen.weighted += (item.average ?? 0) * item.answered;
    seen.average = seen.answered === 0 ? null : seen.weighted / seen.answered;
    items.set(item.itemId, seen);
  }
  return {
    key: 'total',
    name: '合计',
    events,
    attempted: sum((r) => r.attempted),
    reached,
    unsuccessful: {
      refusedOrNoAnswer: sum((r) => r.unsuccessful.refusedOrNoAnswer),
      cannotConnect: sum((r) => r.unsuccessful.cannotConnect),
      other: sum((r) => r.unsuccessful.other),
      total: sum((r) => r.unsuccessful.total),
    },
    successRate: rate(reached, events),
    fullySatisfied,
    basicallySatisfied,
    dissatisfied: sum((r) => r.dissatisfied),
    fullySatisfiedRate: rate(fullySatisfied, reached),
    basicallySatisfiedRate: rate(basicallySatisfied, reached),
    items: [...items.values()].map(({ weighted: _w, ...item }) => item),
  };
}

/**
 * HQ's table as XLSX: every store side by side, in rank order, laid out like the seed's
 * 满意率统计表 with 门店 in the first column and the rank last, the group's 合计; a second sheet
 * 月度趋势 with the group's totals for the twelve months up to the period's end, each store's
 * fully-satisfied rate beside them, and an Excel line chart of the group's rates. Audited.
 */
export async function groupStatisticsWorkbook({
  db,
  actor,
  query,
  requestId,
}: {
  db: Database;
  actor: Actor;
  query: StatisticsQuery;
  requestId?: string;
}): Promise<{ fileName: string; bytes: Uint8Array }> {
  const table = await groupCallbackStatistics({ db, actor, query });
  const title = `各门店${titles[table.by].title}`;
  const workbook = new ExcelJS.Workbook();
  const ranks = new Map(table.stores.map((s) => [s.storeId, s.rank]));
  addStatisticsSheet(workbook, {
    title,
    by: table.by,
    from: table.from,
    to: table.to,
    first: '门店',
    rows: table.stores,
    total: groupTotal(table.stores),
    last: { head: '排名', value: (row) => ranks.get(row.key) ?? '' },
  });
  const storeOrder = table.stores.map((s) => ({ id: s.storeId, name: s.name }));
  const months = [];
  for (const month of twelveMonths(table.to.slice(0, 7))) {
    const { stores } = await groupCallbackStatistics({ db, actor, query: { by: table.by, month } });
    const byId = new Map(stores.map((s) => [s.storeId, s]));
    months.push({
      month,
      total: groupTotal(stores),
      extra: storeOrder.map((s) => byId.get(s.id)?.fullySatisfiedRate ?? null),
    });
  }
  addTrendSheet(
    workbook,
    table.by,
    months,
    storeOrder.map((s) => `${s.name} 完全满意率`),
  );
  await db.withTenant(actor.tenantId, (tx) =>
    recordAudit(
      tx,
      actor,
      {
        action: 'callback.statistics.export',
        entity: 'callbackStatistics',
        details: { scope: 'group', by: table.by, from: table.from, to: table.to },
      },
      requestId,
    ),
  );
  const bytes = await addLineChart(
    await workbook.xlsx.writeBuffer(),
    trendChart(title, months, 7 + storeOrder.length),
  );
  return { fileName: `${title}-${table.from}-${table.to}.xlsx`, bytes };
}
