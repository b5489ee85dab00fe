import ExcelJS from 'exceljs';
import { localDate } from '../events/store-clock.ts';
import { type ComplaintReportOptions, complaintReport, groupComplaintReport } from './report.ts';
import { ComplaintOutcome, type ComplaintReport, ReportStep } from './report-schema.ts';
import { ClockName, ComplaintCategory, Department } from './schema.ts';

// The labels of the seed's tables: the workbook is read by staff in Chinese.
const categoryLabels: Record<ComplaintCategory, string> = {
  productQuality: '产品质量',
  repairQuality: '维修质量',
  staffAttitude: '服务态度',
  staffError: '工作差错',
  price: '价格',
  waitingTime: '等待时间',
  other: '其他',
};
const departmentLabels: Record<Department, string> = {
  sales: '销售部',
  service: '服务部',
  parts: '配件部',
  finance: '财务部',
  customerRelations: '客户关系部',
};
const outcomeLabels: Record<ComplaintOutcome, string> = {
  resolved: '已结案',
  notUpheld: '不成立',
  open: '处理中',
};
const stepLabels: Record<ReportStep, string> = {
  dispatch: '派发',
  plan: '解决方案',
  answer: '部门答复',
  close: '结案',
};
const clockLabels: Record<ClockName, string> = { dispatch: '派发', plan: '解决方案', answer: '部门答复' };

export interface ComplaintReportWorkbook {
  fileName: string;
  bytes: Uint8Array;
}

const chineseDay = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/** A column group of the statistics table: its title over the sub-columns, and each store's cells. */
interface ColumnGroup {
  title: string;
  columns: string[];
  cells(report: ComplaintReport): (number | null)[];
  /** The 合计 row's cells; counts add up, medians and averages do not. */
  total: 'sum' | 'blank';
}

const groups: ColumnGroup[] = [
  { title: '投诉总数', columns: ['件数'], cells: (r) => [r.total], total: 'sum' },
  {
    title: '投诉分类',
    columns: ComplaintCategory.options.map((c) => categoryLabels[c]),
    cells: (r) =>
      ComplaintCategory.options.map((c) => r.byCategory.find((x) => x.category === c)?.count ?? 0),
    total: 'sum',
  },
  {
    title: '责任部门',
    columns: [...Department.options.map((d) => departmentLabels[d]), '未派发'],
    cells: (r) =>
      [...Department.options, null].map((d) => r.byDepartment.find((x) => x.department === d)?.count ?? 0),
    total: 'sum',
  },
  {
    title: '处理结果',
    columns: ComplaintOutcome.options.map((o) => outcomeLabels[o]),
    cells: (r) => ComplaintOutcome.options.map((o) => r.byOutcome.find((x) => x.outcome === o)?.count ?? 0),
    total: 'sum',
  },
  ...ReportStep.options.map(
    (step): ColumnGroup => ({
      title: `${stepLabels[step]}用时(分钟)`,
      columns: ['件数', '中位数', '平均'],
      cells: (r) => {
        const t = r.times.find((x) => x.step === step);
        return [t?.count ?? 0, t?.medianMinutes ?? null, t?.averageMinutes ?? null];
      },
      total: 'blank',
    }),
  ),
  {
    title: '超时(时限已过)',
    columns: [...ClockName.options.map((c) => clockLabels[c]), '合计'],
    cells: (r) => [
      ...ClockName.options.map((c) => r.breachesByClock.find((x) => x.clock === c)?.count ?? 0),
      r.breaches.length,
    ],
    total: 'sum',
  },
];

/**
 * The statistics table laid out like the seed's (销售顾问满意率统计表 and its siblings): a
 * title, the 数据搜集期间 line, two header rows (group, then column), one row per store and
 * a 合计 row; then a sheet listing each clock that ran out, with its deadline on the store's clock.
 */
function buildWorkbook(
  title: string,
  from: string,
  to: string,
  reports: ComplaintReport[],
): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('投诉统计表');
  const width = 1 + groups.reduce((n, g) => n + g.columns.length, 0);
  sheet.addRow([title]);
  sheet.mergeCells(1, 1, 1, width);
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.getRow(1).alignment = { horizontal: 'center' };
  sheet.addRow([`数据搜集期间 ${chineseDay(from)}起至${chineseDay(to)}`]);
  sheet.mergeCells(2, 1, 2, width);

  const groupRow = ['门店'];
  const columnRow = [''];
  for (const g of groups) {
    groupRow.push(g.title, ...g.columns.slice(1).map(() => ''));
    columnRow.push(...g.columns);
  }
  sheet.addRow(groupRow);
  sheet.addRow(columnRow);
  sheet.mergeCells(3, 1, 4, 1);
  let col = 2;
  for (const g of groups) {
    if (g.columns.length > 1) sheet.mergeCells(3, col, 3, col + g.columns.length - 1);
    col += g.columns.length;
  }
  for (const r of [3, 4]) {
    sheet.getRow(r).font = { bold: true };
    sheet.getRow(r).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  }

  for (const report of reports) sheet.addRow([report.storeName, ...groups.flatMap((g) => g.cells(report))]);
  const totals: (string | number | null)[] = ['合计'];
  for (const g of groups) {
    const sums = g.columns.map((_, i) =>
      g.total === 'sum' ? reports.reduce((s, r) => s + (g.cells(r)[i] ?? 0), 0) : null,
    );
    totals.push(...sums);
  }
  const totalRow = sheet.addRow(totals);
  totalRow.font = { bold: true };
  sheet.getColumn(1).width = 18;
  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: 4 }];

  const list = workbook.addWorksheet('超时明细');
  list.addRow(['门店', '案例编号', '时限', '轮次', '截止时间', '完成或停止时间', '超时(分钟)']).font = {
    bold: true,
  };
  for (const report of reports) {
    const local = (at: string | null) => (at ? localDateTime(at, report.timeZone) : '进行中');
    for (const b of report.breaches) {
      list.addRow([
        report.storeName,
        b.caseNo,
        clockLabels[b.clock],
        b.round,
        local(b.dueAt),
        local(b.stoppedAt),
        b.overdueMinutes,
      ]);
    }
  }
  for (const [i, w] of [18, 20, 10, 6, 18, 18, 10].entries()) list.getColumn(i + 1).width = w;
  return workbook;
}

/** 'YYYY-MM-DD HH:mm' on the store's clock. */
function localDateTime(at: string, timeZone: string): string {
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return `${localDate(at, timeZone)} ${time.format(new Date(at))}`;
}

/**
 * One store's complaint report as XLSX (the 投诉统计表 and the list of clocks that ran out).
 *
 * @example
 * const { fileName, bytes } = await complaintReportWorkbook({ db, actor, storeId, query });
 */
export async function complaintReportWorkbook(
  options: ComplaintReportOptions & { storeId: string },
): Promise<ComplaintReportWorkbook> {
  const report = await complaintReport(options);
  const workbook = buildWorkbook(`${report.storeName} 客户投诉统计表`, report.from, report.to, [report]);
  return {
    fileName: `${report.storeCode}-投诉统计-${report.from}-${report.to}.xlsx`,
    bytes: new Uint8Array(await workbook.xlsx.writeBuffer()),
  };
}

/** Every store of the group side by side, one row each, as XLSX (HQ). */
export async function groupComplaintReportWorkbook(
  options: ComplaintReportOptions,
): Promise<ComplaintReportWorkbook> {
  const report = await groupComplaintReport(options);
  const workbook = buildWorkbook('各门店客户投诉统计表', report.from, report.to, report.stores);
  return {
    fileName: `集团-投诉统计-${report.from}-${report.to}.xlsx`,
    bytes: new Uint8Array(await workbook.xlsx.writeBuffer()),
  };
}
