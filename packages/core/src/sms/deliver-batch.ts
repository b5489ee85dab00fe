import type { Database, Tx } from '../db/database.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { defaultJobOptions } from '../queues/backend.ts';
import { effectiveRuleSetOf } from '../rulesets/effective.ts';
import { SmsProviderError } from './providers/provider.ts';
import { nextAllowedSendTime } from './quiet-hours.ts';
import { providerFor, type StoreSmsSettings, storeSmsSettings } from './settings.ts';

/** The most message ids one `sms.sendBatch` job names (its outbox row and payload stay small). */
export const sendBatchMaxIds = 500;

/** Chunks of one job worked side by side (a deferred gateway batch need not go one call at a time). */
const lanes = 4;

/** The queue's exponential backoff (1 s, 2 s, 4 s, …) after the n-th failed attempt. */
export const retryDelayMs = (attempts: number) =>
  defaultJobOptions.backoff.delay * 2 ** Math.max(0, attempts - 1);

export interface BatchOutcome {
  sent: number;
  suppressed: number;
  deferred: number;
  /** A transient provider failure: tried again after the backoff (a delayed job). */
  retrying: number;
  failed: number;
  /** Not queued any more, deferred to later, or taken by another run: nothing to do here. */
  skipped: number;
}

export interface DeliverSmsBatchOptions {
  db: Database;
  tenantId: string;
  storeId: string;
  messageIds: string[];
  now?: () => Date;
  /** After this many provider attempts a transient failure is final. */
  maxAttempts?: number;
}

interface Claimed {
  id: string;
  phone: string;
  body: string;
  segments: number;
  category: string;
  attempts: number;
  optedOut: boolean;
}

interface StoreContext {
  timeZone: string;
  signature: string;
  settings: StoreSmsSettings;
  quietHours: Parameters<typeof nextAllowedSendTime>[2];
}

const due = (tx: Tx, now: Date) =>
  tx`m.status = 'queued' and (m.not_before is null or m.not_before <= ${now.toISOString()})`;

/**
 * The messages named by id, by the table's key (tenant_id, id): row-level security's own
 * tenant test is not one the planner can pair with the id list, and a plan that reads the
 * tenant's whole send log per chunk is what made sends slow at scale.
 */
const named = (tx: Tx, tenantId: string, ids: string[]) =>
  tx`m.tenant_id = ${tenantId} and m.id = any(${ids}::uuid[])`;

/**
 * Sends the queued messages of one store named by a `sms.sendBatch` job, a chunk per
 * transaction instead of three transactions per message. A chunk is as large as the
 * provider's `batchSize`: the log provider's record is the send-log row itself, so a chunk
 * of 500 that rolls back sent nothing; a gateway call leaves the machine, so its chunk is
 * one message and a crash repeats only the calls in flight (the gateway drops them by our
 * id). A job naming more than one chunk (a deferral) works four side by side. Per chunk: a short transaction checks quiet hours (the store rule, on the
 * store's clock; the chunk then waits for the next allowed minute) and takes as many sends
 * from the store's per-minute allowance as the chunk has due messages, in one statement
 * pair instead of one per message; then one transaction claims the due messages with
 * `for update skip locked` (a second run of the job, or another job, takes what this one
 * does not), suppresses reminders and marketing to opted-out customers, defers what the
 * allowance did not cover to the next minute, calls the provider and records every result
 * in one update. A transient failure waits the queue's backoff in the send log (`not_before`,
 * with a delayed job) and ends `failed` with its reason on the last attempt, as a permanent
 * one does at once. A message is sent once: only `queued` and due rows are claimed, and a
 * claim holds their locks until their status is written.
 */
export async function deliverSmsBatch({
  db,
  tenantId,
  storeId,
  messageIds,
  now = () => new Date(),
  maxAttempts = defaultJobOptions.attempts,
}: DeliverSmsBatchOptions): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { sent: 0, suppressed: 0, deferred: 0, retrying: 0, failed: 0, skipped: 0 };
  if (messageIds.length === 0) return outcome;
  // One transaction reads the store's settings and rules and takes the first chunk's allowance.
  const firstStarted = now();
  const first = await db.withTenant(tenantId, async (tx) => {
    const [store] = await tx<{ timeZone: string; signature: string }[]>`
      select time_zone, sms_signature as signature from stores where id = ${storeId}`;
    if (!store) return null;
    const rules = await effectiveRuleSetOf(tx, tenantId, storeId, 'smsReminder');
    const { quietHours } = rules.compiled.decide({}, firstStarted.toISOString());
    const context: StoreContext = {
      ...store,
      quietHours,
      settings: await storeSmsSettings(tx, tenantId, storeId),
    };
    const provider = providerFor(context.settings);
    const chunks: string[][] = [];
    for (let i = 0; i < messageIds.length; i += provider.batchSize)
      chunks.push(messageIds.slice(i, i + provider.batchSize));
    const ids = chunks[0] as string[];
    return {
      context,
      provider,
      chunks,
      granted: await allowance(tx, tenantId, storeId, ids, context, firstStarted),
    };
  });
  if (!first) {
    outcome.skipped = messageIds.length;
    return outcome;
  }
  const { context, provider, chunks } = first;
  const add = (o: Partial<BatchOutcome>) => {
    for (const [k, v] of Object.entries(o)) outcome[k as keyof BatchOutcome] += v;
  };
  const head = chunks.shift() as string[];
  add(
    await deliverChunk(db, tenantId, storeId, head, context, provider, now, maxAttempts, {
      started: firstStarted,
      granted: first.granted,
    }),
  );
  await Promise.all(
    Array.from({ length: Math.min(lanes, chunks.length) }, async () => {
      for (let chunk = chunks.shift(); chunk; chunk = chunks.shift())
        add(await deliverChunk(db, tenantId, storeId, chunk, context, provider, now, maxAttempts));
    }),
  );
  return outcome;
}

type Granted = { deferred: number; left: number } | { slots: number };

/**
 * Quiet hours (the chunk waits for the next allowed minute), else as many sends from the
 * store's allowance for this minute as the chunk has due messages (-1: none is due).
 */
async function allowance(
  tx: Tx,
  tenantId: string,
  storeId: string,
  ids: string[],
  context: StoreContext,
  started: Date,
): Promise<Granted> {
  const allowed = nextAllowedSendTime(started, context.timeZone, context.quietHours);
  if (allowed.getTime() > started.getTime()) {
    const deferred = await deferDue(tx, tenantId, storeId, ids, started, allowed, 'quietHours');
    return { deferred, left: ids.length - deferred };
  }
  const window = windowOf(started);
  const [candidates] = await tx<{ n: number }[]>`
    select count(*)::int as n from sms_messages m where ${named(tx, tenantId, ids)} and ${due(tx, started)}`;
  const wanted = candidates?.n ?? 0;
  if (wanted === 0) return { slots: -1 };
  // The window row is hot (every chunk of the store takes it), so its lock is held for two
  // statements and its commit does not wait for the WAL flush: a crash can forget the last
  // counts of the minute, which only lets a few more through.
  await tx`set local synchronous_commit = off`;
  const [row] = await tx<{ used: number }[]>`
    insert into sms_rate_windows as w (tenant_id, store_id, window_start, used)
    values (${tenantId}, ${storeId}, ${window.toISOString()}, 0)
    on conflict (tenant_id, store_id, window_start) do update set used = w.used
    returning used`;
  const before = row?.used ?? 0;
  const slots = Math.max(0, Math.min(wanted, context.settings.ratePerMinute - before));
  if (slots > 0) {
    await tx`
      update sms_rate_windows set used = ${before + slots}
      where tenant_id = ${tenantId} and store_id = ${storeId} and window_start = ${window.toISOString()}`;
  }
  return { slots };
}

const windowOf = (at: Date) => new Date(Math.floor(at.getTime() / 60_000) * 60_000);

async function deliverChunk(
  db: Database,
  tenantId: string,
  storeId: string,
  ids: string[],
  context: StoreContext,
  provider: ReturnType<typeof providerFor>,
  clock: () => Date,
  maxAttempts: number,
  taken?: { started: Date; granted: Granted },
): Promise<Partial<BatchOutcome>> {
  const started = taken?.started ?? clock();
  const window = windowOf(started);
  const granted =
    taken?.granted ??
    (await db.withTenant(tenantId, (tx) => allowance(tx, tenantId, storeId, ids, context, started)));
  if ('deferred' in granted) return { deferred: granted.deferred, skipped: granted.left };
  if (granted.slots < 0) return { skipped: ids.length };

  return db.withTenant(tenantId, async (tx) => {
    // Opted out: the message's customer, or any customer of the store with its number. Two
    // tests, each by an index (the customer's key; the opted-out numbers, migration 0018):
    // as one test with an `or`, it read every customer of the tenant for each message.
    const claimed = await tx<Claimed[]>`
      select m.id, m.phone, m.body, m.segments, m.category, m.attempts,
        (exists (select 1 from customers c where c.tenant_id = m.tenant_id and c.id = m.customer_id
            and c.sms_opted_out)
          or exists (select 1 from customers c where c.tenant_id = m.tenant_id and c.store_id = m.store_id
            and c.sms_opted_out and c.mobile = m.phone)) as opted_out
      from sms_messages m
      where ${named(tx, tenantId, ids)} and ${due(tx, started)}
      order by m.queued_at, m.id
      for update of m skip locked`;
    const result: Partial<BatchOutcome> = { skipped: ids.length - claimed.length };
    const suppressed = claimed.filter((m) => m.optedOut && m.category !== 'transactional');
    const sendable = claimed.filter((m) => !(m.optedOut && m.category !== 'transactional'));
    const toSend = sendable.slice(0, granted.slots);
    const overLimit = sendable.slice(granted.slots);
    if (suppressed.length > 0) {
      await tx`
        update sms_messages m set status = 'suppressed', status_reason = 'optedOut', updated_at = now()
        where ${named(
          tx,
          tenantId,
          suppressed.map((m) => m.id),
        )}`;
      result.suppressed = suppressed.length;
    }
    if (overLimit.length > 0) {
      // A little spread, so a burst held back does not all arrive in the next minute's first second.
      const until = new Date(window.getTime() + 60_000 + Math.floor(Math.random() * 5_000));
      result.deferred = await deferDue(
        tx,
        tenantId,
        storeId,
        overLimit.map((m) => m.id),
        started,
        until,
        'rateLimit',
      );
    }

    const sent: { id: string; providerMessageId: string | null }[] = [];
    const failed: { id: string; attempts: number; reason: string }[] = [];
    const retrying: { id: string; attempts: number; reason: string }[] = [];
    for (const message of toSend) {
      const attempts = message.attempts + 1;
      try {
        const answer = await provider.send({
          id: message.id,
          phone: message.phone,
          text: message.body,
          signature: context.signature,
          segments: message.segments,
        });
        sent.push({ id: message.id, providerMessageId: answer.providerMessageId });
      } catch (error) {
        if (!(error instanceof SmsProviderError)) throw error;
        (error.permanent || attempts >= maxAttempts ? failed : retrying).push({
          id: message.id,
          attempts,
          reason: error.message,
        });
      }
    }
    if (sent.length > 0) {
      await tx`
        update sms_messages m set status = 'sent', status_reason = null, provider = ${provider.name},
          provider_message_id = r.provider_message_id, attempts = m.attempts + 1, sent_at = now(), updated_at = now()
        from unnest(${sent.map((s) => s.id)}::uuid[], ${sent.map((s) => s.providerMessageId)}::text[])
          as r(id, provider_message_id)
        where m.tenant_id = ${tenantId} and m.id = r.id`;
    }
    if (failed.length > 0) {
      await tx`
        update sms_messages m set status = 'failed', status_reason = r.reason, provider = ${provider.name},
          attempts = r.attempts, failed_at = now(), updated_at = now()
        from unnest(${failed.map((f) => f.id)}::uuid[], ${failed.map((f) => f.reason)}::text[],
          ${failed.map((f) => f.attempts)}::int[]) as r(id, reason, attempts)
        where m.tenant_id = ${tenantId} and m.id = r.id`;
    }
    // A transient failure: each message waits its own backoff, with a job then.
    for (const r of retrying) {
      const until = new Date(started.getTime() + retryDelayMs(r.attempts));
      await tx`
        update sms_messages set attempts = ${r.attempts}, provider = ${provider.name}, status_reason = ${r.reason},
          not_before = ${until.toISOString()}, updated_at = now()
        where tenant_id = ${tenantId} and id = ${r.id}`;
      await enqueue(
        tx,
        tenantId,
        'sms.sendBatch',
        { storeId, messageIds: [r.id] },
        { delayMs: retryDelayMs(r.attempts) },
      );
    }
    return { ...result, sent: sent.length, failed: failed.length, retrying: retrying.length };
  });
}

/** Sets the due messages among `ids` aside until `until`, with one delayed job for them; returns how many. */
async function deferDue(
  tx: Tx,
  tenantId: string,
  storeId: string,
  ids: string[],
  now: Date,
  until: Date,
  why: 'quietHours' | 'rateLimit',
): Promise<number> {
  const rows = await tx<{ id: string }[]>`
    update sms_messages m set not_before = ${until.toISOString()}, status_reason = ${why}, updated_at = now()
    where ${named(tx, tenantId, ids)} and ${due(tx, now)}
    returning m.id`;
  if (rows.length === 0) return 0;
  await enqueue(
    tx,
    tenantId,
    'sms.sendBatch',
    { storeId, messageIds: rows.map((r) => r.id) },
    { delayMs: Math.max(0, until.getTime() - now.getTime()) },
  );
  return rows.length;
}
