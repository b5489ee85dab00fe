import ExcelJS from 'exceljs';
import { recordAudit } from '../audit/record.ts';
import type { Database } from '../db/database.ts';
import { localDate } from '../events/store-clock.ts';
import type { Actor } from '../identity/actor.ts';
import { localClockTime } from './quiet-hours.ts';
import type { SmsLogExportQuery, SmsMessage } from './schema.ts';
import { listSmsMessages } from './send-log.ts';

/** The most rows one export holds. */
export const sendLogExportMax = 10_000;

/** 原因: the seed's words for what a message is for. */
export const smsReasonLabels: Record<string, string> = {
  manual: '手工发送',
  survey: '短信回访',
  firstMaintenance: '首保提醒',
  periodicMaintenance: '定期保养提醒',
  warrantyEnd: '质保到期检查',
  annualInspection: '年审提醒',
  insuranceRenewal: '续保提醒',
  birthday: '生日祝福',
  holidayGreeting: '节日问候',
  postServiceThanks: '服务致谢',
  lostCustomerWinBack: '流失客户挽回',
};
const categoryLabels: Record<SmsMessage['category'], string> = {
  transactional: '业务通知',
  reminder: '提醒',
  marketing: '营销',
};
const statusLabels: Record<SmsMessage['status'], string> = {
  queued: '排队中',
  sent: '已发送',
  delivered: '已送达',
  failed: '失败',
  suppressed: '未发送',
};
const reasonsWhy: Record<string, string> = {
  optedOut: '已退订',
  quietHours: '免打扰时段',
  rateLimit: '限速',
  answered: '发送前已回复',
};

/** The seed's columns (客户姓名 … 客户回复内容), then the text itself. */
const columns = [
  { head: '客户姓名', width: 12 },
  { head: '号码', width: 14 },
  { head: '原因', width: 14 },
  { head: '类型', width: 10 },
  { head: '发送时间', width: 18 },
  { head: '发送状态', width: 22 },
  { head: '客户回复内容', width: 36 },
  { head: '短信内容', width: 50 },
];

const localDateTime = (at: string, timeZone: string) =>
  `${localDate(at, timeZone)} ${localClockTime(new Date(at), timeZone)}`;

function statusText(m: SmsMessage): string {
  const label = statusLabels[m.status];
  if (!m.statusReason || m.status === 'sent' || m.status === 'delivered') return label;
  return `${label}(${reasonsWhy[m.statusReason] ?? m.statusReason})`;
}

function repliesText(m: SmsMessage, timeZone: string): string {
  return m.replies
    .map((r) => {
      const score = r.meaning === 'score' && r.score !== null ? `评分 ${r.score}` : '';
      const notes = [score, r.optedOut ? '退订' : '', r.flagged ? '需人工处理' : '']
        .filter(Boolean)
        .join(',');
      return `${localDateTime(r.receivedAt, timeZone)} ${r.text}${notes ? `(${notes})` : ''}`;
    })
    .join('\n');
}

/**
 * 短信发送记录表 as XLSX with the send log's current filters, laid out like the seed's
 * table: the title (the store's name, then 短信发送记录表), the filters it was cut with,
 * then 客户姓名, 号码 (masked, as on screen), 原因, 类型, 发送时间 (on the store's clock;
 * the queue time while not sent), 发送状态 (with its reason), 客户回复内容 (each reply with
 * its time and meaning), and the text. Newest first, up to 10,000 rows; the export is audited.
 */
export async function sendLogWorkbook({
  db,
  actor,
  storeId,
  query,
  requestId,
}: {
  db: Database;
  actor: Actor;
  storeId: string;
  query: SmsLogExportQuery;
  requestId?: string;
}): Promise<{ fileName: string; bytes: Uint8Array; rows: number }> {
  const messages = await listSmsMessages({
    db,
    actor,
    storeId,
    query: { ...query, limit: sendLogExportMax },
  });
  const store = await db.withTenant(actor.tenantId, async (tx) => {
    const [row] = await tx<{ name: string; timeZone: string }[]>`
      select name, time_zone from stores where id = ${storeId}`;
    return row as { name: string; timeZone: string };
  });
  const title = `${store.name}短信发送记录表`;
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('短信发送记录表');
  sheet.addRow([title]);
  sheet.mergeCells(1, 1, 1, columns.length);
  const filters = [
    query.status ? `状态:${statusLabels[query.status]}` : '',
    query.reason ? `原因:${smsReasonLabels[query.reason] ?? query.reason}` : '',
    query.phoneTail ? `号码尾号:${query.phoneTail}` : '',
    query.from ? `自 ${localDateTime(query.from, store.timeZone)}` : '',
    query.to ? `至 ${localDateTime(query.to, store.timeZone)}` : '',
    query.flagged === 'true' ? '仅需人工处理的回复' : '',
  ].filter(Boolean);
  sheet.addRow([`筛选:${filters.length ? filters.join(';') : '全部'};共 ${messages.length} 条`]);
  sheet.mergeCells(2, 1, 2, columns.length);
  const head = sheet.addRow(columns.map((c) => c.head));
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.getRow(1).alignment = { horizontal: 'center' };
  head.font = { bold: true };
  head.alignment = { horizontal: 'center', vertical: 'middle' };
  for (const m of messages) {
    const row = sheet.addRow([
      m.customerName ?? '',
      m.phone,
      smsReasonLabels[m.reason] ?? m.reason,
      categoryLabels[m.category],
      localDateTime(m.sentAt ?? m.queuedAt, store.timeZone),
      statusText(m),
      repliesText(m, store.timeZone),
      m.body,
    ]);
    row.alignment = { vertical: 'top', wrapText: true };
  }
  columns.forEach((c, i) => {
    sheet.getColumn(i + 1).width = c.width;
  });
  sheet.views = [{ state: 'frozen', ySplit: 3 }];

  await db.withTenant(actor.tenantId, (tx) =>
    recordAudit(
      tx,
      actor,
      {
        action: 'sms.log.export',
        entity: 'smsLog',
        storeId,
        details: { filters: query, rows: messages.length },
      },
      requestId,
    ),
  );
  const buffer = await workbook.xlsx.writeBuffer();
  const day = localDate(new Date(), store.timeZone);
  return { fileName: `${title}-${day}.xlsx`, bytes: new Uint8Array(buffer), rows: messages.length };
}
