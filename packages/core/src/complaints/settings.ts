import { recordAudit } from '../audit/record.ts';
import type { Database, Tx } from '../db/database.ts';
import { invalid } from '../errors.ts';
import { type Actor, assertStoreCan } from '../identity/actor.ts';
import { requireStore } from '../tenancy/stores.ts';
import { forbiddenPhrasesIn } from './forbidden-phrases.ts';
import type { ComplaintSettings } from './schema.ts';

export interface StoreComplaintSettings {
  repeatWithinDays: number;
  forbiddenPhrases: string[];
  escalationSms: boolean;
}

/** The store's complaint settings, created with the defaults on first use. */
export async function storeComplaintSettings(
  tx: Tx,
  tenantId: string,
  storeId: string,
): Promise<StoreComplaintSettings> {
  await tx`insert into complaint_settings (tenant_id, store_id) values (${tenantId}, ${storeId})
    on conflict do nothing`;
  const [row] = await tx<StoreComplaintSettings[]>`
    select repeat_within_days, forbidden_phrases, escalation_sms from complaint_settings where store_id = ${storeId}`;
  if (!row) throw new Error('complaint settings vanished');
  return row;
}

async function readSettings(tx: Tx, tenantId: string, storeId: string): Promise<ComplaintSettings> {
  const base = await storeComplaintSettings(tx, tenantId, storeId);
  const responsibilities = await tx<ComplaintSettings['responsibilities']>`
    select category, department, responsible_user_id from complaint_responsibilities
    where store_id = ${storeId} order by category`;
  const departmentManagers = await tx<ComplaintSettings['departmentManagers']>`
    select department, manager_user_id from complaint_department_managers
    where store_id = ${storeId} order by department`;
  return { ...base, responsibilities: [...responsibilities], departmentManagers: [...departmentManagers] };
}

export interface ComplaintSettingsOptions {
  db: Database;
  actor: Actor;
  storeId: string;
}

export async function getComplaintSettings({
  db,
  actor,
  storeId,
}: ComplaintSettingsOptions): Promise<ComplaintSettings> {
  assertStoreCan(actor, storeId, 'complaints.read');
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    return readSettings(tx, actor.tenantId, storeId);
  });
}

/** The people a store setting may name: anyone with a role at the store (or HQ). */
export async function assertStorePeople(
  tx: Tx,
  storeId: string,
  people: { path: string; userId: string | null }[],
): Promise<void> {
  const ids = people.flatMap((p) => (p.userId ? [p.userId] : []));
  if (ids.length === 0) return;
  const rows = await tx<{ userId: string }[]>`
    select distinct r.user_id from role_assignments r join users u on u.id = r.user_id and u.active
    where r.user_id = any(${ids}::uuid[]) and (r.store_id = ${storeId} or r.role = 'hq_admin')`;
  const known = new Set(rows.map((r) => r.userId));
  for (const person of people) {
    if (person.userId && !known.has(person.userId))
      throw invalid(person.path, 'is not a person of this store');
  }
}

/** Replaces the store's repeat window, forbidden phrases, category mapping and department managers. */
export async function saveComplaintSettings({
  db,
  actor,
  storeId,
  input,
  requestId,
}: ComplaintSettingsOptions & { input: ComplaintSettings; requestId?: string }): Promise<ComplaintSettings> {
  assertStoreCan(actor, storeId, 'complaints.configure');
  const categories = input.responsibilities.map((r) => r.category);
  const duplicate = categories.findIndex((c, i) => categories.indexOf(c) !== i);
  if (duplicate >= 0) throw invalid(`responsibilities.${duplicate}.category`, 'is listed twice');
  const departments = input.departmentManagers.map((m) => m.department);
  const twice = departments.findIndex((d, i) => departments.indexOf(d) !== i);
  if (twice >= 0) throw invalid(`departmentManagers.${twice}.department`, 'is listed twice');
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    await assertStorePeople(tx, storeId, [
      ...input.responsibilities.map((r, i) => ({
        path: `responsibilities.${i}.responsibleUserId`,
        userId: r.responsibleUserId,
      })),
      ...input.departmentManagers.map((m, i) => ({
        path: `departmentManagers.${i}.managerUserId`,
        userId: m.managerUserId,
      })),
    ]);
    await tx`
      insert into complaint_settings (tenant_id, store_id, repeat_within_days, forbidden_phrases, escalation_sms)
      values (${actor.tenantId}, ${storeId}, ${input.repeatWithinDays}, ${input.forbiddenPhrases}::text[],
        ${input.escalationSms})
      on conflict (tenant_id, store_id) do update set repeat_within_days = excluded.repeat_within_days,
        forbidden_phrases = excluded.forbidden_phrases, escalation_sms = excluded.escalation_sms, updated_at = now()`;
    await tx`delete from complaint_responsibilities where store_id = ${storeId}`;
    for (const r of input.responsibilities) {
      await tx`insert into complaint_responsibilities (tenant_id, store_id, category, department, responsible_user_id)
        values (${actor.tenantId}, ${storeId}, ${r.category}, ${r.department}, ${r.responsibleUserId})`;
    }
    await tx`delete from complaint_department_managers where store_id = ${storeId}`;
    for (const m of input.departmentManagers) {
      await tx`insert into complaint_department_managers (tenant_id, store_id, department, manager_user_id)
        values (${actor.tenantId}, ${storeId}, ${m.department}, ${m.managerUserId})`;
    }
    await recordAudit(
      tx,
      actor,
      { action: 'complaintSettings.save', entity: 'store', entityId: storeId, storeId },
      requestId,
    );
    return readSettings(tx, actor.tenantId, storeId);
  });
}

/** The store's forbidden phrases in a text staff are about to send to a customer (a warning, never a refusal). */
export async function checkForbiddenPhrases({
  db,
  actor,
  storeId,
  text,
}: ComplaintSettingsOptions & { text: string }): Promise<{ phrases: string[] }> {
  assertStoreCan(actor, storeId, 'complaints.read');
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    const { forbiddenPhrases } = await storeComplaintSettings(tx, actor.tenantId, storeId);
    return { phrases: forbiddenPhrasesIn(text, forbiddenPhrases) };
  });
}
