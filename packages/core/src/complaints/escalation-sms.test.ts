import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../identity/actor.ts';
import type { Position } from '../identity/schema.ts';
import { insertUser } from '../identity/users.ts';
import { createLogger } from '../logger.ts';
import { type SeededGroup, seedGroup, testDatabase, uid } from '../testing/index.ts';
import { complaintClockJob } from './jobs.ts';
import { receiveComplaint } from './receive-complaint.ts';
import { saveComplaintSettings } from './settings.ts';

/**
 * A clock that ran out texts the people its escalation step notifies, where the store has
 * switched escalation SMS on: through the SMS pipeline's send log and outbox, once per
 * person however often the step fires. (The step is run by calling its handler; the
 * delayed jobs themselves are tested in clocks.test.ts.)
 */
const db = testDatabase();
const log = createLogger({ name: 'test', level: 'silent' });
let group: SeededGroup;
let storeId: string;
let manager: Actor;
const mobiles = { departmentManager: '', generalManager: '' };

const randomMobile = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

beforeAll(async () => {
  group = await seedGroup(db, { stores: 1 });
  storeId = group.storeIds[0] as string;
  const staff = (position: Position, mobile: string | null) =>
    db.withTenant(group.tenantId, (tx) =>
      insertUser(tx, group.tenantId, {
        name: position,
        email: `${position}-${uid()}@sms.test`,
        mobile,
        password: 'Test-password-1',
        locale: 'zh-CN',
        roles: [{ role: 'staff', storeId, position }],
      }),
    );
  mobiles.departmentManager = randomMobile();
  await staff('department_manager', mobiles.departmentManager);
  // The general manager has no mobile on file: notified in the app only.
  await staff('general_manager', null);
  manager = {
    kind: 'user',
    tenantId: group.tenantId,
    userId: group.users.cr_manager.id,
    sessionId: null,
    roles: [{ id: crypto.randomUUID(), role: 'cr_manager', storeId, position: null }],
  };
});
afterAll(() => db.close());

const settings = (escalationSms: boolean) =>
  saveComplaintSettings({
    db,
    actor: manager,
    storeId,
    input: {
      repeatWithinDays: 30,
      forbiddenPhrases: [],
      responsibilities: [],
      departmentManagers: [],
      escalationSms,
    },
  });

/** A complaint received 31 minutes ago: its 30-minute dispatch clock has run out. */
async function overdueDispatchClock(): Promise<{ clockId: string; caseNo: string }> {
  const page = await receiveComplaint({
    db,
    actor: manager,
    storeId,
    input: {
      channel: 'phone',
      category: 'waitingTime',
      severity: 'ordinary',
      receivedAt: new Date(Date.now() - 31 * 60_000).toISOString(),
      complainantName: `客户${uid()}`,
      customerWords: '等了一个多小时',
    },
  });
  const clock = page.allClocks.find((k) => k.clock === 'dispatch');
  if (!clock) throw new Error('no dispatch clock');
  return { clockId: clock.id, caseNo: page.complaint.caseNo };
}

const fire = (clockId: string, step: number) =>
  complaintClockJob({ db, tenantId: group.tenantId, jobId: `test-${uid()}`, log }, { clockId, step });

const texts = (caseNo: string) =>
  db.withTenant(
    group.tenantId,
    (tx) => tx<{ phone: string; category: string; reason: string; body: string; status: string }[]>`
      select phone, category, reason, body, status from sms_messages
      where store_id = ${storeId} and body like ${`%${caseNo}%`} order by queued_at`,
  );
const notified = (clockId: string) =>
  db.withTenant(
    group.tenantId,
    (tx) => tx<{ step: number }[]>`select step from notifications where clock_id = ${clockId} order by step`,
  );

describe('escalation SMS to staff', () => {
  it('texts the department manager once when the store has it on, and not the general manager without a mobile', async () => {
    await settings(true);
    const { clockId, caseNo } = await overdueDispatchClock();
    await fire(clockId, 0);
    await fire(clockId, 0);
    const sent = await texts(caseNo);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      phone: mobiles.departmentManager,
      category: 'transactional',
      reason: 'complaintEscalation',
      status: 'queued',
    });
    expect(sent[0]?.body).toContain(`投诉${caseNo}的派发时限已于`);
    expect(sent[0]?.body).toContain('已升级至部门经理');
    await fire(clockId, 1);
    expect(await notified(clockId)).toEqual([{ step: 0 }, { step: 1 }]);
    expect(await texts(caseNo)).toHaveLength(1);
  });

  it('only notifies in the app where the store has not switched it on', async () => {
    await settings(false);
    const { clockId, caseNo } = await overdueDispatchClock();
    await fire(clockId, 0);
    expect(await notified(clockId)).toEqual([{ step: 0 }]);
    expect(await texts(caseNo)).toEqual([]);
  });
});
