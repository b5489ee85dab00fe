import { maskPhone } from '../customers/masking.ts';
import type { Database } from '../db/database.ts';
import { localDate } from '../events/store-clock.ts';
import { type Actor, assertStoreCan } from '../identity/actor.ts';
import { nightlyLocalTime } from '../queues/scheduler.ts';
import { requireStore } from '../tenancy/stores.ts';
import { evaluateReminderRules } from './evaluate-reminder-rules.ts';
import { localClockTime } from './quiet-hours.ts';
import { runReminderScan, type SmsRequestSink } from './reminder-scan.ts';
import type { SmsRequest } from './request-sms.ts';
import type { CampaignPreview, CampaignPreviewQuery } from './schema.ts';

const minuteMs = 60_000;

/**
 * The next instant at or after `from` at which the store's clock reads `localTime`
 * (the nightly scan's firing): whole minutes from the clock's reading, then stepped a
 * minute at a time across a daylight-saving jump.
 */
export function nextLocalTime(from: Date, timeZone: string, localTime: string = nightlyLocalTime): Date {
  const [hour, minute] = localClockTime(from, timeZone).split(':').map(Number) as [number, number];
  const [h, m] = localTime.split(':').map(Number) as [number, number];
  const wait = (h * 60 + m - (hour * 60 + minute) + 1440) % 1440;
  let at = new Date(Math.floor(from.getTime() / minuteMs) * minuteMs + wait * minuteMs);
  for (let step = 0; step < 180 && localClockTime(at, timeZone) !== localTime; step++)
    at = new Date(at.getTime() + minuteMs);
  return at;
}

/** The instant the store's clock first reads `localTime` on `day` (a store-local date). */
function instantOn(day: string, timeZone: string, localTime: string = nightlyLocalTime): Date {
  // Midnight UTC of the day is within 14 hours of the store's midnight; the next firing
  // from 14 hours before is on the day or the day before.
  let at = nextLocalTime(new Date(Date.parse(`${day}T00:00:00Z`) - 14 * 3600_000), timeZone, localTime);
  while (localDate(at, timeZone) < day)
    at = nextLocalTime(new Date(at.getTime() + minuteMs), timeZone, localTime);
  return at;
}

/**
 * What the store's next nightly scan would queue (or the scan of `query.date`), decided by
 * the very code the scan runs — the reminders ingestion scheduled that fall due, then the
 * `smsReminder` rules over every car — in dry-run mode: nothing is inserted, marked or
 * locked. Counted per reason are the messages that would be new (a key already used is
 * not sent again, within the run as across runs); beside them the due reminders without a
 * number and the scheduled ones too stale to send; and a sample of the recipients, their
 * numbers masked, with the text each would read.
 */
export async function previewCampaign({
  db,
  actor,
  storeId,
  query,
  now = new Date(),
}: {
  db: Database;
  actor: Actor;
  storeId: string;
  query: CampaignPreviewQuery;
  now?: Date;
}): Promise<CampaignPreview> {
  assertStoreCan(actor, storeId, 'sms.read');
  const store = await db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    const [row] = await tx<{ timeZone: string }[]>`select time_zone from stores where id = ${storeId}`;
    return row as { timeZone: string };
  });
  const scanAt = query.date ? instantOn(query.date, store.timeZone) : nextLocalTime(now, store.timeZone);

  const seen = new Set<string>();
  const byReason = new Map<string, number>();
  // Up to `sample` candidates per reason; the sample takes them in turn, so every reason shows.
  const candidates = new Map<string, SmsRequest[]>();
  let alreadySent = 0;
  const sink: SmsRequestSink = async (tx, requests) => {
    const fresh = requests.filter((r) => !seen.has(r.idempotencyKey));
    for (const r of fresh) seen.add(r.idempotencyKey);
    const used = new Set(
      (
        await tx<{ idempotencyKey: string }[]>`
          select idempotency_key from sms_messages
          where store_id = ${storeId} and idempotency_key = any(${fresh.map((r) => r.idempotencyKey)}::text[])`
      ).map((r) => r.idempotencyKey),
    );
    alreadySent += used.size;
    const toSend = fresh.filter((r) => !used.has(r.idempotencyKey));
    for (const r of toSend) {
      byReason.set(r.reason, (byReason.get(r.reason) ?? 0) + 1);
      const kept = candidates.get(r.reason) ?? [];
      if (kept.length < query.sample) candidates.set(r.reason, [...kept, r]);
    }
    return toSend.length;
  };
  const scheduled = await runReminderScan({
    db,
    tenantId: actor.tenantId,
    storeId,
    now: scanAt,
    dryRun: { sink },
  });
  const calendar = await evaluateReminderRules({
    db,
    tenantId: actor.tenantId,
    storeId,
    now: scanAt,
    dryRun: { sink },
  });
  const reasons = [...byReason.entries()]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  const picked: SmsRequest[] = [];
  for (let round = 0; picked.length < query.sample; round++) {
    const before = picked.length;
    for (const { reason } of reasons) {
      const r = candidates.get(reason)?.[round];
      if (r && picked.length < query.sample) picked.push(r);
    }
    if (picked.length === before) break;
  }
  const sample = await db.withTenant(actor.tenantId, async (tx) => {
    const names = await tx<{ id: string; name: string }[]>`
      select id, name from customers where id = any(${picked.flatMap((r) => (r.customerId ? [r.customerId] : []))}::uuid[])`;
    const plates = await tx<{ id: string; plate: string | null }[]>`
      select id, plate from vehicles where id = any(${picked.flatMap((r) => (r.vehicleId ? [r.vehicleId] : []))}::uuid[])`;
    return picked.map((r) => ({
      customerId: r.customerId,
      customerName: names.find((n) => n.id === r.customerId)?.name ?? null,
      plate: plates.find((p) => p.id === r.vehicleId)?.plate ?? null,
      phone: maskPhone(r.phone) ?? '',
      reason: r.reason,
      category: r.category,
      text: r.text,
    }));
  });
  return {
    day: scheduled.day,
    scanAt: scanAt.toISOString(),
    total: scheduled.requested + calendar.requested,
    byReason: reasons,
    noNumber: scheduled.noNumber + calendar.noNumber,
    alreadySent,
    stale: scheduled.stale,
    vehicles: calendar.vehicles,
    sample,
  };
}
