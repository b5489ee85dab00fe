import { recordAudit } from '../audit/record.ts';
import type { Database, Tx } from '../db/database.ts';
import { invalid, notFound } from '../errors.ts';
import { type Actor, assertStoreCan } from '../identity/actor.ts';
import { notify } from '../notifications/notifications.ts';
import { requireStore } from '../tenancy/stores.ts';
import { startClocks } from './clocks.ts';
import { escalationRecipients } from './escalation.ts';
import { readComplaintPage } from './queries.ts';
import type { ComplaintPage, ReceiveComplaintInput } from './schema.ts';
import { storeComplaintSettings } from './settings.ts';
import { decideComplaintSla } from './sla.ts';
import { recordStep } from './timeline.ts';

export interface ReceiveComplaintOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  input: ReceiveComplaintInput;
  requestId?: string;
  now?: Date;
}

/** What the file knows about the customer, vehicle and order named: fills what the form left empty. */
interface FileFacts {
  customerId: string | null;
  vip: boolean;
  mobile: string | null;
  landline: string | null;
  email: string | null;
  address: string | null;
  postcode: string | null;
  gender: 'male' | 'female' | null;
  plate: string | null;
  vin: string | null;
  vehicleModel: string | null;
  purchaseDate: string | null;
  mileageKm: number | null;
  serviceAdvisor: string | null;
  repairTeam: string | null;
  agreementNo: string | null;
  salesInfo: string | null;
}

async function fileFacts(tx: Tx, storeId: string, input: ReceiveComplaintInput): Promise<FileFacts> {
  const facts: FileFacts = {
    customerId: input.customerId ?? null,
    vip: false,
    mobile: null,
    landline: null,
    email: null,
    address: null,
    postcode: null,
    gender: null,
    plate: null,
    vin: null,
    vehicleModel: null,
    purchaseDate: null,
    mileageKm: null,
    serviceAdvisor: null,
    repairTeam: null,
    agreementNo: null,
    salesInfo: null,
  };
  if (input.vehicleId) {
    const [v] = await tx<
      {
        plate: string | null;
        vin: string;
        model: string | null;
        purchaseDate: string | null;
        mileageKm: number | null;
        ownerId: string | null;
      }[]
    >`select plate, vin, concat_ws(' ', series, model) as model, coalesce(purchase_date, delivery_date) as purchase_date,
        mileage_km, current_owner_id as owner_id
      from vehicles where id = ${input.vehicleId} and store_id = ${storeId}`;
    if (!v) throw notFound('Vehicle');
    Object.assign(facts, {
      plate: v.plate,
      vin: v.vin,
      vehicleModel: v.model || null,
      purchaseDate: v.purchaseDate,
      mileageKm: v.mileageKm,
    });
    facts.customerId ??= v.ownerId;
  }
  if (input.repairOrderId) {
    const [o] = await tx<{ advisor: string | null; team: string | null; mileageKm: number | null }[]>`
      select a.name as advisor, t.name as team, o.mileage_km from repair_orders o
      left join staff_members a on a.id = o.service_advisor_id
      left join staff_members t on t.id = o.repair_team_id
      where o.id = ${input.repairOrderId} and o.store_id = ${storeId}
        ${input.vehicleId ? tx`and o.vehicle_id = ${input.vehicleId}` : tx``}`;
    if (!o) throw notFound('Repair order');
    Object.assign(facts, { serviceAdvisor: o.advisor, repairTeam: o.team });
    facts.mileageKm ??= o.mileageKm;
  }
  if (input.deliveryId) {
    const [d] = await tx<{ contractNo: string | null; consultant: string | null }[]>`
      select d.contract_no, s.name as consultant from deliveries d
      left join staff_members s on s.id = d.sales_consultant_id
      where d.id = ${input.deliveryId} and d.store_id = ${storeId}
        ${input.vehicleId ? tx`and d.vehicle_id = ${input.vehicleId}` : tx``}`;
    if (!d) throw notFound('Delivery');
    Object.assign(facts, {
      agreementNo: d.contractNo,
      salesInfo: d.consultant ? `销售顾问 ${d.consultant}` : null,
    });
  }
  if (facts.customerId) {
    const [c] = await tx<
      Pick<FileFacts, 'mobile' | 'landline' | 'email' | 'address' | 'postcode' | 'gender' | 'vip'>[]
    >`select mobile, landline, email, home_address as address, postcode, gender, vip
      from customers where id = ${facts.customerId} and store_id = ${storeId}`;
    if (!c) throw notFound('Customer');
    Object.assign(facts, c);
  }
  return facts;
}

/**
 * 受理: records a complaint from a call, a walk-in, the phone, a letter or an email, and in
 * the same transaction decides from the store's complaintSla rules its clocks (dispatch,
 * solution plan, department answer, each running from 受理时间, the store's receipt: a letter
 * dated days earlier is not breached on arrival) and requests their delayed
 * jobs. A complaint about the same customer or vehicle within the store's repeat window is
 * a repeat (再次) and counts the earlier ones. An urgent complaint is reported to the
 * general manager at once.
 */
export async function receiveComplaint({
  db,
  actor,
  storeId,
  input,
  requestId,
  now = new Date(),
}: ReceiveComplaintOptions): Promise<ComplaintPage> {
  assertStoreCan(actor, storeId, 'complaints.intake');
  const letterDate = input.complainedAt ? new Date(input.complainedAt) : null;
  // A 投诉时间 a few minutes ahead (a client's clock) is received when it says, not before.
  const receivedAt = input.receivedAt
    ? new Date(input.receivedAt)
    : new Date(Math.max(now.getTime(), letterDate?.getTime() ?? 0));
  const complainedAt = letterDate ?? receivedAt;
  const soon = now.getTime() + 5 * 60_000;
  if (complainedAt.getTime() > soon) throw invalid('complainedAt', '投诉时间不能晚于现在');
  if (receivedAt.getTime() > soon) throw invalid('receivedAt', '受理时间不能晚于现在');
  if (receivedAt < complainedAt) throw invalid('receivedAt', '受理时间不能早于投诉时间');
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    const settings = await storeComplaintSettings(tx, actor.tenantId, storeId);
    const file = await fileFacts(tx, storeId, input);
    const [earlier] = await tx<{ id: string; count: number }[]>`
      select (array_agg(id order by complained_at desc))[1] as id, count(*)::int as count
      from complaints
      where store_id = ${storeId}
        and complained_at <= ${complainedAt.toISOString()}
        and complained_at > ${complainedAt.toISOString()}::timestamptz - make_interval(days => ${settings.repeatWithinDays})
        and ((${file.customerId}::uuid is not null and customer_id = ${file.customerId})
          or (${input.vehicleId ?? null}::uuid is not null and vehicle_id = ${input.vehicleId ?? null}))`;
    const repeatOf = earlier?.count ? earlier.id : null;
    const sla = await decideComplaintSla(
      tx,
      actor.tenantId,
      storeId,
      {
        category: input.category,
        severity: input.severity,
        channel: input.channel,
        repeat: repeatOf !== null,
        relatedTo: input.relatedTo ?? null,
        vip: file.vip,
      },
      receivedAt.toISOString(),
    );
    const [seq] = await tx<{ caseNo: string }[]>`
      update complaint_settings cs set last_case_seq = last_case_seq + 1
      from stores s where cs.store_id = ${storeId} and s.id = cs.store_id
      returning s.code || '-' || to_char(now() at time zone s.time_zone, 'YYYYMMDD') || '-'
        || lpad((cs.last_case_seq)::text, 4, '0') as case_no`;
    if (!seq) throw new Error('case number not issued');
    const pick = <T>(given: T | undefined, known: T | null): T | null => given ?? known;
    const [row] = await tx<{ id: string }[]>`
      insert into complaints ${tx({
        tenantId: actor.tenantId,
        storeId,
        caseNo: seq.caseNo,
        channel: input.channel,
        category: input.category,
        severity: input.severity,
        relatedTo: input.relatedTo ?? null,
        isRepeat: repeatOf !== null,
        repeatOfId: repeatOf,
        complaintCount: (earlier?.count ?? 0) + 1,
        complainedAt: complainedAt.toISOString(),
        occurredAt: input.occurredAt ?? null,
        receivedAt: receivedAt.toISOString(),
        receivedBy: actor.kind === 'user' ? actor.userId : null,
        customerId: file.customerId,
        vehicleId: input.vehicleId ?? null,
        repairOrderId: input.repairOrderId ?? null,
        deliveryId: input.deliveryId ?? null,
        complainantName: input.complainantName,
        contactPerson: input.contactPerson ?? null,
        gender: pick(input.gender, file.gender),
        mobile: pick(input.mobile, file.mobile),
        landline: pick(input.landline, file.landline),
        email: pick(input.email, file.email),
        address: pick(input.address, file.address),
        postcode: pick(input.postcode, file.postcode),
        vehicleUse: input.vehicleUse ?? null,
        customerOverview: input.customerOverview ?? null,
        vehicleModel: pick(input.vehicleModel, file.vehicleModel),
        plate: pick(input.plate, file.plate),
        vin: pick(input.vin, file.vin),
        agreementNo: pick(input.agreementNo, file.agreementNo),
        purchaseDate: pick(input.purchaseDate, file.purchaseDate),
        mileageKm: pick(input.mileageKm, file.mileageKm),
        labourDescription: input.labourDescription ?? null,
        repairTeam: pick(input.repairTeam, file.repairTeam),
        serviceAdvisor: pick(input.serviceAdvisor, file.serviceAdvisor),
        salesInfo: pick(input.salesInfo, file.salesInfo),
        customerWords: input.customerWords,
        customerDemands: input.customerDemands ?? null,
        otherInfo: input.otherInfo ?? null,
        ruleSetId: sla.ruleSetId,
        ruleSetVersion: sla.ruleSetVersion,
      })}
      returning id`;
    if (!row) throw new Error('complaint insert returned nothing');
    await recordStep(tx, actor, {
      storeId,
      complaintId: row.id,
      kind: 'received',
      details: {
        channel: input.channel,
        category: input.category,
        severity: input.severity,
        repeatOfId: repeatOf,
        complainedAt: complainedAt.toISOString(),
        receivedAt: receivedAt.toISOString(),
      },
    });
    if (sla.rule) {
      await startClocks(tx, actor, {
        storeId,
        complaintId: row.id,
        names: ['dispatch', 'plan', 'answer'],
        rule: sla.rule,
        startedAt: receivedAt.toISOString(),
        now,
      });
    }
    if (input.severity === 'urgent') {
      await notify(tx, actor.tenantId, {
        userIds: await escalationRecipients(tx, { storeId, step: 'generalManager', department: null }),
        kind: 'complaint.urgentReceived',
        storeId,
        complaintId: row.id,
        details: { caseNo: seq.caseNo, category: input.category },
      });
    }
    await recordAudit(
      tx,
      actor,
      { action: 'complaint.receive', entity: 'complaint', entityId: row.id, storeId },
      requestId,
    );
    return readComplaintPage(tx, actor, storeId, row.id);
  });
}
