import { recordAudit } from '../audit/record.ts';
import { storeComplaintSettings } from '../complaints/settings.ts';
import type { Database, Tx } from '../db/database.ts';
import { type Actor, assertStoreCan, requireUser } from '../identity/actor.ts';
import { requireStore } from '../tenancy/stores.ts';
import type { CallScriptInput, CallScriptSettings } from './schema.ts';

/** The script (话术) of the seed's manual; `{门店}` stands for the store's name. */
export const defaultCallScript = {
  salesOpening:
    '您好,我是{门店}的回访员,请问是车主本人吗?感谢您对我店的支持,能否占用您几分钟时间,了解一下您在购买新车时的满意程度?',
  afterSalesOpening:
    '您好,我是{门店}的回访员,请问是车主本人吗?感谢您对我店的支持,能否占用您几分钟时间,了解一下您在本次维修/保养时的满意程度?',
  closing: '好的,非常感谢您的支持!如果您今后在用车过程中有任何疑问,请随时与我们联系,祝您用车愉快,再见!',
} as const;

async function storedLines(tx: Tx, storeId: string): Promise<CallScriptInput> {
  const [row] = await tx<CallScriptInput[]>`
    select sales_opening, after_sales_opening, closing from callback_script_settings where store_id = ${storeId}`;
  return row ?? { salesOpening: null, afterSalesOpening: null, closing: null };
}

/** The lines the call screen shows for this callback: the store's own, else the default, with the store's name. */
export async function callScriptFor(
  tx: Tx,
  storeId: string,
  storeName: string,
  callbackType: 'sales' | 'afterSales',
): Promise<{ opening: string; closing: string }> {
  const lines = await storedLines(tx, storeId);
  const opening =
    callbackType === 'sales'
      ? (lines.salesOpening ?? defaultCallScript.salesOpening)
      : (lines.afterSalesOpening ?? defaultCallScript.afterSalesOpening);
  const named = (line: string) => line.replaceAll('{门店}', storeName);
  return { opening: named(opening), closing: named(lines.closing ?? defaultCallScript.closing) };
}

export interface CallScriptOptions {
  db: Database;
  actor: Actor;
  storeId: string;
}

async function settingsOf(tx: Tx, tenantId: string, storeId: string): Promise<CallScriptSettings> {
  const { forbiddenPhrases } = await storeComplaintSettings(tx, tenantId, storeId);
  return { ...(await storedLines(tx, storeId)), defaults: { ...defaultCallScript }, forbiddenPhrases };
}

/** The store's call script as its admin edits it (every callback role may read it). */
export async function getCallScript({ db, actor, storeId }: CallScriptOptions): Promise<CallScriptSettings> {
  assertStoreCan(actor, storeId, 'callbacks.work');
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    return settingsOf(tx, actor.tenantId, storeId);
  });
}

/** Replaces the store's opening and closing lines (null: back to the default); audited. */
export async function saveCallScript({
  db,
  actor,
  storeId,
  input,
  requestId,
}: CallScriptOptions & { input: CallScriptInput; requestId?: string }): Promise<CallScriptSettings> {
  assertStoreCan(actor, storeId, 'callbacks.configure');
  const user = requireUser(actor);
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    await tx`
      insert into callback_script_settings (tenant_id, store_id, sales_opening, after_sales_opening, closing, updated_by)
      values (${actor.tenantId}, ${storeId}, ${input.salesOpening}, ${input.afterSalesOpening}, ${input.closing},
        ${user.userId})
      on conflict (tenant_id, store_id) do update set sales_opening = excluded.sales_opening,
        after_sales_opening = excluded.after_sales_opening, closing = excluded.closing,
        updated_by = excluded.updated_by, updated_at = now()`;
    await recordAudit(
      tx,
      actor,
      { action: 'callbackScript.save', entity: 'store', entityId: storeId, storeId },
      requestId,
    );
    return settingsOf(tx, actor.tenantId, storeId);
  });
}
