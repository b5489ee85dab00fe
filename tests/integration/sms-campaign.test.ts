import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { type Actor, createDatabase, enqueue, ingestEvents, publishBody, saveSmsSettings } from '@crm/core';
import { isolatedDatabase, seedGroup, startFakeSmsGateway } from '@crm/core/testing';
import { smsReminderKind } from '@crm/rules';
import { expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

async function until(check: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A VIN with a valid check digit, numbered `n`. */
function vin(n: number): string {
  const body = `LSVAU2180N${String(n).padStart(7, '0')}`;
  const values: Record<string, number> = { A: 1, L: 3, N: 5, S: 2, U: 4, V: 5 };
  const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = body.charAt(i);
    sum += (/\d/.test(c) ? Number(c) : (values[c] ?? 0)) * (weights[i] ?? 0);
  }
  return `${body.slice(0, 8)}${sum % 11 === 10 ? 'X' : String(sum % 11)}${body.slice(9)}`;
}

const campaignSize = 150;

it('a worker killed in the middle of a campaign and restarted sends every due reminder exactly once', async () => {
  const iso = await isolatedDatabase();
  const db = createDatabase({ url: iso.config.databaseAppUrl, max: 4 });
  // The 21st send hangs for a while: the worker is killed while the gateway holds it.
  const gateway = await startFakeSmsGateway(() => ({
    status: 200,
    delayMs: gateway.requests.length === 21 ? 3_000 : 40,
  }));
  const workers: ChildProcess[] = [];
  try {
    const group = await seedGroup(db, { stores: 1 });
    const storeId = group.storeIds[0] as string;
    const hq: Actor = {
      kind: 'user',
      tenantId: group.tenantId,
      userId: group.users.hq_admin.id,
      sessionId: null,
      roles: [{ id: crypto.randomUUID(), role: 'hq_admin', storeId: null, position: null }],
    };
    // The test runs at any hour: this store has no quiet hours (a store rule).
    await publishBody({
      db,
      actor: hq,
      storeId,
      kind: 'smsReminder',
      body: { ...smsReminderKind.defaults, quietHours: { start: '00:00', end: '00:00' } },
    });
    await saveSmsSettings({
      db,
      actor: hq,
      storeId,
      policy: { allowedHosts: [], allowLoopback: true },
      input: {
        provider: 'http',
        httpUrl: gateway.url,
        httpBodyTemplate: gateway.bodyTemplate,
        ratePerMinute: 100_000,
      },
    });
    // Cars delivered 90 days ago: each one's first-maintenance reminder is due today.
    const deliveredAt = new Date(Date.now() - 90 * 86_400_000).toISOString();
    await ingestEvents({
      db,
      actor: group.system,
      storeId,
      events: Array.from({ length: campaignSize }, (_, i) => ({
        type: 'delivery',
        dmsId: `D${i}`,
        deliveredAt,
        customer: { dmsId: `C${i}`, name: `车主${i}`, mobile: `138${String(10_000_000 + i)}` },
        vehicle: { vin: vin(i), plate: `皖A${String(10_000 + i)}` },
      })),
    });
    const [due] = await iso.owner`
      select count(*)::int as n from reminder_schedule where reminder = 'firstMaintenance' and status = 'scheduled'`;
    expect(due?.n).toBe(campaignSize);

    await db.withTenant(group.tenantId, (tx) => enqueue(tx, group.tenantId, 'sms.reminderScan', { storeId }));
    const start = () => {
      const child = spawn(tsx, [join(root, 'apps/api/src/worker.ts')], {
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: iso.config.DATABASE_URL,
          REDIS_URL: iso.config.REDIS_URL,
          QUEUE_PREFIX: iso.config.QUEUE_PREFIX,
          // The killed worker's jobs run again once its 5 s lock has lapsed (30 s by default).
          QUEUE_LOCK_MS: '5000',
          LOG_LEVEL: 'warn',
          // The fake gateway listens on loopback: allowed only by this development switch.
          SMS_GATEWAY_ALLOW_LOOPBACK: 'true',
        },
        stdio: 'ignore',
        // Its own process group: tsx runs node as a child, and the kill must take both.
        detached: true,
      });
      workers.push(child);
      return child;
    };

    const first = start();
    await until(async () => gateway.requests.length >= 21, 30_000);
    const exited = once(first, 'exit');
    process.kill(-(first.pid as number), 'SIGKILL');
    await exited;
    const sentBeforeRestart = gateway.accepted.size;
    expect(sentBeforeRestart).toBeLessThan(campaignSize);

    start();
    // Jobs that were running when the worker died come back once their lock expires (stalled,
    // seen by the next two stalled-job checks).
    await until(async () => {
      const [row] = await iso.owner`select count(*)::int as n from sms_messages where status = 'sent'`;
      return row?.n === campaignSize;
    }, 90_000);

    const messages = await iso.owner<{ id: string; reminderScheduleId: string; customerId: string }[]>`
      select id, reminder_schedule_id, customer_id from sms_messages`;
    expect(messages).toHaveLength(campaignSize);
    expect(new Set(messages.map((m) => m.reminderScheduleId)).size).toBe(campaignSize);
    expect(new Set(messages.map((m) => m.customerId)).size).toBe(campaignSize);
    const [left] =
      await iso.owner`select count(*)::int as n from reminder_schedule where status = 'scheduled'`;
    expect(left?.n).toBe(0);
    // The gateway accepted each message once. The sends cut off by the kill were not recorded
    // as sent, so they went again, with the same client reference, which a gateway drops (at
    // most one per worker slot: the queue's concurrency is 4).
    expect(gateway.accepted).toEqual(new Set(messages.map((m) => m.id)));
    const resent = gateway.requests.length - campaignSize;
    expect(resent).toBeGreaterThanOrEqual(1);
    expect(resent).toBeLessThanOrEqual(4);
  } finally {
    for (const child of workers) {
      if (child.pid && child.exitCode === null && child.signalCode === null)
        process.kill(-child.pid, 'SIGKILL');
    }
    await gateway.close();
    await db.close();
    await iso.drop();
  }
}, 150_000);
