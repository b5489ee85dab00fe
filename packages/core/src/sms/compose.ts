import { type Reminder, unknownVariables } from '@crm/rules';
import { forbiddenPhrasesIn } from '../complaints/forbidden-phrases.ts';
import { storeComplaintSettings } from '../complaints/settings.ts';
import type { Database } from '../db/database.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import { localDate } from '../events/store-clock.ts';
import { type Actor, assertStoreCan } from '../identity/actor.ts';
import { requireStore } from '../tenancy/stores.ts';
import { requestSms } from './request-sms.ts';
import type { SendSmsInput, SmsMessage, SmsPreview, SmsPreviewInput } from './schema.ts';
import { segmentCount, withSignature } from './segments.ts';
import { listSmsMessages } from './send-log.ts';
import { type Addressee, findAddressee, renderFor } from './template-values.ts';

function refuseUnknownVariables(text: string): void {
  const unknown = unknownVariables(text);
  if (unknown.length > 0) {
    throw new AppError(
      'INVALID_INPUT',
      `Unknown template variable${unknown.length > 1 ? 's' : ''}: ${unknown.map((n) => `{${n}}`).join(', ')}`,
      unknown.map((name) => ({ path: 'text', message: `Unknown template variable {${name}}.` })),
    );
  }
}

/** A stand-in customer for a preview without a real one. */
const sampleAddressee = (store: { name: string; phone: string; signature: string }): Addressee => ({
  customerId: '',
  customerName: '张三',
  gender: 'male',
  title: null,
  mobile: null,
  vehicleId: null,
  plate: '皖A12345',
  model: '卡罗拉',
  mileageKm: 12000,
  inspectionDueDate: null,
  insuranceExpiryDate: null,
  storeName: store.name,
  storePhone: store.phone,
  storeSignature: store.signature,
});

/**
 * A template as one real customer of the store would read it: rendered, signed, counted
 * in parts, checked against the store's forbidden phrases. An unknown variable is refused.
 */
export async function previewSms({
  db,
  actor,
  storeId,
  input,
  now = new Date(),
}: {
  db: Database;
  actor: Actor;
  storeId: string;
  input: SmsPreviewInput;
  now?: Date;
}): Promise<SmsPreview> {
  assertStoreCan(actor, storeId, 'sms.read');
  refuseUnknownVariables(input.text);
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    const [store] = await tx<{ name: string; phone: string; signature: string; timeZone: string }[]>`
      select name, phone, sms_signature as signature, time_zone from stores where id = ${storeId}`;
    if (!store) throw notFound('Store');
    let addressee = sampleAddressee(store);
    if (input.customerId) {
      const found = await findAddressee(tx, storeId, input.customerId, input.vehicleId ?? null);
      if (!found) throw notFound('Customer');
      addressee = found;
    }
    const { forbiddenPhrases } = await storeComplaintSettings(tx, actor.tenantId, storeId);
    const body = withSignature(
      renderFor(input.text, addressee, {
        today: localDate(now, store.timeZone),
        ...(input.reminder ? { reminder: input.reminder as Reminder } : {}),
      }),
      store.signature,
    );
    return {
      body,
      characters: [...body].length,
      segments: segmentCount(body),
      forbiddenPhrases: forbiddenPhrasesIn(body, forbiddenPhrases),
    };
  });
}

/**
 * Staff send one message to a customer of the store (默认 transactional: opt-out does not
 * stop it; a reminder or marketing text may be marked so). The text is a template
 * rendered for the customer; an unknown variable is refused. Queued now, sent by the
 * pipeline (quiet hours, rate limit, retries apply). The same idempotency key again
 * returns the first message.
 */
export async function sendSmsToCustomer({
  db,
  actor,
  storeId,
  input,
  now = new Date(),
}: {
  db: Database;
  actor: Actor;
  storeId: string;
  input: SendSmsInput;
  now?: Date;
}): Promise<SmsMessage> {
  assertStoreCan(actor, storeId, 'sms.send');
  refuseUnknownVariables(input.text);
  const id = await db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    const addressee = await findAddressee(tx, storeId, input.customerId, input.vehicleId ?? null);
    if (!addressee) throw notFound('Customer');
    if (!addressee.mobile) throw invalid('customerId', 'the customer has no mobile number on file');
    const [store] = await tx<{ timeZone: string }[]>`select time_zone from stores where id = ${storeId}`;
    const text = renderFor(input.text, addressee, {
      today: localDate(now, store?.timeZone ?? 'Asia/Shanghai'),
    });
    const { id } = await requestSms(tx, actor.tenantId, {
      storeId,
      customerId: addressee.customerId,
      vehicleId: addressee.vehicleId,
      phone: addressee.mobile,
      reason: 'manual',
      category: input.category,
      idempotencyKey: `manual:${input.idempotencyKey ?? crypto.randomUUID()}`,
      text,
      signature: addressee.storeSignature,
      requestedBy: actor.kind === 'user' ? actor.userId : null,
    });
    return id;
  });
  const [message] = await listSmsMessages({ db, actor, storeId, query: { limit: 1 }, messageId: id });
  if (!message) throw new Error('queued message not found');
  return message;
}
