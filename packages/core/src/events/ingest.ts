import postgres from 'postgres';
import { recordAudit } from '../audit/record.ts';
import type { Database, Tx } from '../db/database.ts';
import { translateDbError } from '../db/translate-error.ts';
import { AppError, notFound } from '../errors.ts';
import { type Actor, assertStoreCan } from '../identity/actor.ts';
import { applyDecisions, type DecidableEvent } from './apply-decisions.ts';
import { type AcceptedEvent, parseBatch, rejection } from './parse-batch.ts';
import {
  type RepairOrderRow,
  recordDeliveries,
  recordedHashes,
  recordRepairOrders,
} from './record-events.ts';
import { refreshFiles } from './refresh-files.ts';
import {
  type DeliveryEvent,
  type IngestItemResult,
  type IngestResult,
  type Issue,
  maxBatchSize,
  type RepairOrderEvent,
} from './schema.ts';
import { localDate } from './store-clock.ts';
import {
  staffIdOf,
  transferOwnership,
  upsertCustomers,
  upsertStaff,
  upsertVehicles,
  vehiclesOnFile,
} from './upsert-files.ts';

export interface IngestEventsOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  /** Raw events: each is validated on its own, so one bad event never sinks the batch. */
  events: readonly unknown[];
  requestId?: string;
  /** The clock, for tests and historical replays; defaults to now. */
  now?: Date;
}

/** A store's DMS token ingests for its own store only; people need `events.ingest` there. */
export function assertMayIngest(actor: Actor, storeId: string): void {
  if (actor.kind === 'token') {
    if (actor.storeId !== storeId) throw notFound('Store');
    return;
  }
  if (actor.kind === 'system') return;
  assertStoreCan(actor, storeId, 'events.ingest');
}

const split = (order: RepairOrderEvent) =>
  order.split ?? {
    selfPaidFen: order.payer === 'self' ? order.labourFen + order.partsFen : 0,
    insuranceFen: order.payer === 'insurance' ? order.labourFen + order.partsFen : 0,
    warrantyFen: order.payer === 'warranty' ? order.labourFen + order.partsFen : 0,
    freeMaintenanceFen: order.payer === 'freeMaintenance' ? order.labourFen + order.partsFen : 0,
  };

/**
 * Takes one event or a batch (≤ 1,000) of deliveries and repair orders from a store's DMS,
 * in one transaction: puts customers, vehicles and staff on file, records each event once
 * (unique on the DMS id), refreshes each touched file (aggregates, card, classification) and
 * applies the store's rules (callback tasks, points, reminders), each decision citing its
 * rule version. The same batch again reports every item unchanged and writes nothing.
 *
 * @example
 * const result = await ingestEvents({ db, actor, storeId, events: [delivery, order] });
 * result.items[0].status; // 'created'
 */
export async function ingestEvents({
  db,
  actor,
  storeId,
  events,
  requestId,
  now = new Date(),
}: IngestEventsOptions): Promise<IngestResult> {
  assertMayIngest(actor, storeId);
  if (events.length > maxBatchSize)
    throw new AppError('INVALID_INPUT', `At most ${maxBatchSize} events per request`, [
      { path: 'events', message: `at most ${maxBatchSize}` },
    ]);
  return db.withTenant(actor.tenantId, (tx) =>
    ingestInTransaction({ tx, actor, storeId, events, requestId, now }),
  );
}

export interface IngestInTransactionOptions extends Omit<IngestEventsOptions, 'db'> {
  /** The caller's tenant transaction: a file import commits its checkpoint with the batch. */
  tx: Tx;
}

/** `ingestEvents` inside the caller's transaction; the caller has checked who may ingest. */
export async function ingestInTransaction({
  tx,
  actor,
  storeId,
  events,
  requestId,
  now = new Date(),
}: IngestInTransactionOptions): Promise<IngestResult> {
  const { accepted, rejected } = parseBatch(events);
  const tenantId = actor.tenantId;
  const nowIso = now.toISOString();

  const [store] = await tx<{ timeZone: string }[]>`select time_zone from stores where id = ${storeId}`;
  if (!store) throw notFound('Store');
  const today = localDate(now, store.timeZone);
  const write = (sp: Tx, some: AcceptedEvent[]) =>
    recordAccepted({ tx: sp, tenantId, storeId, timeZone: store.timeZone, today, nowIso, accepted: some });
  let written: RecordedBatch;
  try {
    written = await tx.savepoint((sp) => write(sp, accepted));
  } catch (error) {
    if (!refusedValues(error)) throw error;
    // The database refused some event's values: each event again on its own, refusing only those.
    written = { results: [], applied: 0 };
    for (const a of accepted) {
      try {
        const one = await tx.savepoint((sp) => write(sp, [a]));
        written.results.push(...one.results);
        written.applied += one.applied;
      } catch (eventError) {
        const refused = refusedValues(eventError);
        if (!refused) throw eventError;
        written.results.push(rejection(a.index, a.event, refused, a.warnings));
      }
    }
  }
  if (written.applied > 0)
    await recordAudit(
      tx,
      actor,
      {
        action: 'events.ingest',
        entity: 'store',
        entityId: storeId,
        storeId,
        details: {
          received: events.length,
          applied: written.applied,
          rejected: rejected.length + written.results.filter((r) => r.status === 'rejected').length,
        },
      },
      requestId,
    );
  const items = [...rejected, ...written.results];
  items.sort((a, b) => a.index - b.index);
  const counts = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const item of items) counts[item.status] += 1;
  return { counts, items };
}

interface RecordAcceptedOptions {
  tx: Tx;
  tenantId: string;
  storeId: string;
  timeZone: string;
  today: string;
  nowIso: string;
  accepted: AcceptedEvent[];
}

interface RecordedBatch {
  results: IngestItemResult[];
  /** Events created or updated (the rest came back unchanged or refused). */
  applied: number;
}

/**
 * The values of an event the database refused (a data exception such as a date out of its
 * range, a check or key the schema could not see): that event's fault, not the batch's. Null
 * for anything else, which stays an error of the whole batch.
 */
function refusedValues(error: unknown): Issue[] | null {
  const translated = translateDbError(error);
  if (translated instanceof AppError && translated.code === 'INVALID_INPUT') return translated.details;
  if (error instanceof postgres.PostgresError && (error.code.startsWith('22') || error.code === '54000'))
    return [
      {
        path: (error.column_name ?? '').replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
        message: `could not be stored: ${error.message}`,
      },
    ];
  return null;
}

/** Puts accepted events on file with what they decide, in set-based statements: the batch's work. */
async function recordAccepted({
  tx,
  tenantId,
  storeId,
  timeZone,
  today,
  nowIso,
  accepted,
}: RecordAcceptedOptions): Promise<RecordedBatch> {
  const store = { timeZone };
  const results: IngestItemResult[] = [];
  const deliveries = accepted.filter((a): a is AcceptedEvent<DeliveryEvent> => a.event.type === 'delivery');
  const orders = accepted.filter((a): a is AcceptedEvent<RepairOrderEvent> => a.event.type === 'repairOrder');

  // Resent events are answered from their hash before anything is locked or written.
  const known = await recordedHashes(
    tx,
    tenantId,
    storeId,
    deliveries.map((d) => d.event.dmsId),
    orders.map((o) => o.event.dmsId),
  );
  const unchanged = (
    a: AcceptedEvent,
    onFile: { id: string; hash: string; vehicleId: string } | undefined,
  ) => {
    if (onFile?.hash !== a.contentHash) return false;
    results.push(result(a, 'unchanged', onFile.id, onFile.vehicleId));
    return true;
  };
  const toDeliver = deliveries.filter((d) => !unchanged(d, known.deliveries.get(d.event.dmsId)));
  let toOrder = orders.filter((o) => !unchanged(o, known.orders.get(o.event.dmsId)));

  // A repair order for a car not on file must say whose car it is. A batch that names no
  // customer (orders for cars on file: the usual DMS feed) writes no customer row, so it may
  // lock its cars here already, in VIN order, and the upsert below need not read them again.
  // Such a batch moves no car to another owner, and any other batch reads its cars again in
  // the upsert: so this read never needs since when the owner has the car.
  const namesNoCustomer = toDeliver.length === 0 && toOrder.every((o) => !o.event.customer);
  const carsOnFile = await vehiclesOnFile(
    tx,
    tenantId,
    storeId,
    toOrder.filter((o) => !o.event.customer).map((o) => o.event.vehicle.vin),
    { lock: namesNoCustomer, ownerSince: false },
  );
  const owned = new Set([
    ...toDeliver.map((d) => d.event.vehicle.vin),
    ...toOrder.filter((o) => o.event.customer).map((o) => o.event.vehicle.vin),
    ...Array.from(carsOnFile.values())
      .filter((v) => v.currentOwnerId !== null)
      .map((v) => v.vin),
  ]);
  toOrder = toOrder.filter((o) => {
    if (owned.has(o.event.vehicle.vin)) return true;
    results.push(
      rejection(
        o.index,
        o.event,
        [{ path: 'customer', message: 'required: this vehicle is not on file yet' }],
        o.warnings,
      ),
    );
    return false;
  });
  if (toDeliver.length + toOrder.length === 0) return { results, applied: 0 };

  const staffIds = await upsertStaff(tx, tenantId, storeId, [
    ...toDeliver.flatMap((d) =>
      d.event.salesConsultant ? [{ kind: 'salesConsultant' as const, name: d.event.salesConsultant }] : [],
    ),
    ...toOrder.flatMap((o) => [
      ...(o.event.serviceAdvisor ? [{ kind: 'serviceAdvisor' as const, name: o.event.serviceAdvisor }] : []),
      ...(o.event.repairTeam ? [{ kind: 'repairTeam' as const, name: o.event.repairTeam }] : []),
    ]),
  ]);
  const customers = await upsertCustomers(tx, tenantId, storeId, [
    ...toDeliver.map((d) => d.event.customer),
    ...toOrder.flatMap((o) => (o.event.customer ? [o.event.customer] : [])),
  ]);
  const deliveredOn = (d: DeliveryEvent) => localDate(d.deliveredAt, store.timeZone);
  // An order's mileage reaches the file through the refresh (the highest of its orders).
  const vehicles = await upsertVehicles(
    tx,
    tenantId,
    storeId,
    [
      ...toOrder.map((o) => ({ input: o.event.vehicle })),
      ...toDeliver.map((d) => ({
        input: d.event.vehicle,
        delivery: {
          deliveredOn: deliveredOn(d.event),
          sellingConsultantId: staffIdOf(staffIds, 'salesConsultant', d.event.salesConsultant),
        },
      })),
    ],
    namesNoCustomer ? carsOnFile : new Map(),
  );
  const vehicleOf = (vin: string) => {
    const vehicle = vehicles.get(vin);
    if (!vehicle) throw new Error(`vehicle ${vin} not on file after upsert`);
    return vehicle;
  };
  const customerOf = (dmsId: string) => {
    const customer = customers.get(dmsId);
    if (!customer) throw new Error(`customer ${dmsId} not on file after upsert`);
    return customer;
  };

  // The latest event naming a customer decides the owner; an older one never takes the car back.
  const owners = new Map<string, { vehicleId: string; customerId: string; since: string }>();
  for (const { event } of [...toDeliver, ...toOrder]) {
    if (!event.customer) continue;
    const since = event.type === 'delivery' ? event.deliveredAt : event.openedAt;
    const vehicle = vehicleOf(event.vehicle.vin);
    const latest = owners.get(vehicle.id);
    if (latest && Date.parse(latest.since) > Date.parse(since)) continue;
    owners.set(vehicle.id, {
      vehicleId: vehicle.id,
      customerId: customerOf(event.customer.dmsId).id,
      since,
    });
  }
  const vehicleById = new Map([...vehicles.values()].map((v) => [v.id, v]));
  const transfers = [...owners.values()].filter((o) => {
    const vehicle = vehicleById.get(o.vehicleId);
    if (!vehicle || vehicle.currentOwnerId === o.customerId) return false;
    return !vehicle.ownerSince || Date.parse(o.since) >= Date.parse(vehicle.ownerSince);
  });
  await transferOwnership(tx, tenantId, storeId, transfers);
  for (const t of transfers) {
    const vehicle = vehicleById.get(t.vehicleId);
    if (vehicle) vehicle.currentOwnerId = t.customerId;
  }

  const recordedDeliveries = await recordDeliveries(
    tx,
    tenantId,
    storeId,
    toDeliver.map(({ event, contentHash }) => ({
      dmsId: event.dmsId,
      vehicleId: vehicleOf(event.vehicle.vin).id,
      customerId: customerOf(event.customer.dmsId).id,
      salesConsultantId: staffIdOf(staffIds, 'salesConsultant', event.salesConsultant),
      contractNo: event.contractNo ?? null,
      deliveredAt: event.deliveredAt,
      deliveredOn: deliveredOn(event),
      contentHash,
    })),
  );
  const orderRows = new Map<string, RepairOrderRow>();
  for (const { event, contentHash } of toOrder) {
    const vehicle = vehicleOf(event.vehicle.vin);
    orderRows.set(event.dmsId, {
      dmsId: event.dmsId,
      vehicleId: vehicle.id,
      customerId: event.customer ? customerOf(event.customer.dmsId).id : vehicle.currentOwnerId,
      orderTypes: event.orderTypes,
      payer: event.payer,
      labourFen: event.labourFen,
      partsFen: event.partsFen,
      ...split(event),
      serviceAdvisorId: staffIdOf(staffIds, 'serviceAdvisor', event.serviceAdvisor),
      repairTeamId: staffIdOf(staffIds, 'repairTeam', event.repairTeam),
      mileageKm: event.mileageKm ?? null,
      openedAt: event.openedAt,
      openedOn: localDate(event.openedAt, store.timeZone),
      closedAt: event.closedAt ?? null,
      closedOn: event.closedAt ? localDate(event.closedAt, store.timeZone) : null,
      contentHash,
    });
  }
  const recordedOrders = await recordRepairOrders(tx, tenantId, storeId, [...orderRows.values()]);

  // Items another batch recorded first, with the same content, come back absent: unchanged.
  const applied: { accepted: AcceptedEvent; id: string; inserted: boolean; vehicleId: string }[] = [];
  for (const a of [...toDeliver, ...toOrder]) {
    const recorded = (a.event.type === 'delivery' ? recordedDeliveries : recordedOrders).get(a.event.dmsId);
    const vehicleId = vehicleOf(a.event.vehicle.vin).id;
    if (recorded) applied.push({ accepted: a, id: recorded.id, inserted: recorded.inserted, vehicleId });
    else {
      const onFile = await recordedHashes(
        tx,
        tenantId,
        storeId,
        a.event.type === 'delivery' ? [a.event.dmsId] : [],
        a.event.type === 'repairOrder' ? [a.event.dmsId] : [],
      );
      const row = (a.event.type === 'delivery' ? onFile.deliveries : onFile.orders).get(a.event.dmsId);
      results.push(result(a, 'unchanged', row?.id ?? null, vehicleId));
    }
  }
  if (applied.length === 0) return { results, applied: 0 };

  const newDeliveries = applied.filter((a) => a.accepted.event.type === 'delivery' && a.inserted);
  if (newDeliveries.length > 0) {
    await tx`
      insert into card_transitions (tenant_id, store_id, vehicle_id, from_card, to_card, reason, source_kind, source_id)
      select ${tenantId}, ${storeId}, u.vehicle_id, null, 'A', 'boughtHere', 'delivery', u.source_id
      from unnest(${newDeliveries.map((d) => d.vehicleId)}::uuid[], ${newDeliveries.map((d) => d.id)}::uuid[])
        as u(vehicle_id, source_id)
      join vehicles v on v.tenant_id = ${tenantId} and v.id = u.vehicle_id and v.card_type = 'A'
      on conflict (tenant_id, vehicle_id, to_card) do nothing`;
  }

  const files = await refreshFiles({
    tx,
    tenantId,
    storeId,
    vehicleIds: [...new Set(applied.map((a) => a.vehicleId))],
    today,
    now: nowIso,
  });
  const customerById = await customerFlags(tx, tenantId, customers, [
    ...applied.flatMap((a) => {
      const order =
        a.accepted.event.type === 'repairOrder' ? orderRows.get(a.accepted.event.dmsId) : undefined;
      return order?.customerId ? [order.customerId] : [];
    }),
  ]);
  const decidable: DecidableEvent[] = [];
  for (const a of applied) {
    const { event } = a.accepted;
    const onFile = vehicleOf(event.vehicle.vin);
    const file = files.get(a.vehicleId);
    const vehicle = file ? { ...onFile, cardType: file.cardType, mileageKm: file.mileageKm } : onFile;
    const order = event.type === 'repairOrder' ? orderRows.get(event.dmsId) : undefined;
    const customerId =
      event.type === 'delivery' ? customerOf(event.customer.dmsId).id : (order?.customerId ?? null);
    if (!customerId) continue;
    const customer = customerById.get(customerId);
    if (!customer) continue;
    decidable.push({
      kind: event.type,
      sourceId: a.id,
      updated: !a.inserted,
      vehicleId: a.vehicleId,
      customerId,
      occurredOn: event.type === 'delivery' ? deliveredOn(event) : (order?.closedOn ?? null),
      occurredAt: event.type === 'delivery' ? event.deliveredAt : (order?.closedAt ?? null),
      ...(event.type === 'repairOrder'
        ? { orderTypes: event.orderTypes, payer: event.payer, selfPaidFen: split(event).selfPaidFen }
        : {}),
      customer,
      vehicle,
    });
  }
  const decisions = await applyDecisions({
    tx,
    tenantId,
    storeId,
    events: decidable,
    files,
    today,
    now: nowIso,
  });

  // File-level decisions (card, classification) are reported on the last event of each file.
  const lastOfVehicle = new Map(applied.map((a) => [a.vehicleId, a.id]));
  for (const a of applied) {
    const fileDecisions =
      lastOfVehicle.get(a.vehicleId) === a.id ? (files.get(a.vehicleId)?.decisions ?? []) : [];
    const boughtHere =
      a.accepted.event.type === 'delivery' && a.inserted
        ? [{ kind: 'card' as const, from: null, to: 'A' as const, reason: 'boughtHere' as const }]
        : [];
    results.push(
      result(a.accepted, a.inserted ? 'created' : 'updated', a.id, a.vehicleId, [
        ...boughtHere,
        ...fileDecisions.filter((d) => d.kind === 'card'),
        ...(decisions.get(a.id) ?? []),
        ...fileDecisions.filter((d) => d.kind !== 'card'),
      ]),
    );
  }
  return { results, applied: applied.length };
}

type CustomerFlags = { vip: boolean; refusesCalls: boolean; smsOptedOut: boolean; birthday: string | null };

/** The flags the rules read, for the batch's customers and the owners its orders fall to: one query. */
async function customerFlags(
  tx: Tx,
  tenantId: string,
  upserted: Map<string, CustomerFlags & { id: string }>,
  owners: string[],
): Promise<Map<string, CustomerFlags>> {
  const byId = new Map<string, CustomerFlags>([...upserted.values()].map((c) => [c.id, c]));
  const missing = [...new Set(owners.filter((id) => !byId.has(id)))];
  if (missing.length === 0) return byId;
  const rows = await tx<(CustomerFlags & { id: string })[]>`
    select id, vip, refuses_calls, sms_opted_out, birthday from customers
    where tenant_id = ${tenantId} and id = any(${missing}::uuid[])`;
  for (const row of rows) byId.set(row.id, row);
  return byId;
}

function result(
  a: AcceptedEvent,
  status: IngestItemResult['status'],
  id: string | null,
  vehicleId: string | null,
  decisions: IngestItemResult['decisions'] = [],
): IngestItemResult {
  return {
    index: a.index,
    type: a.event.type,
    dmsId: a.event.dmsId,
    status,
    id,
    vehicleId,
    errors: [],
    warnings: a.warnings,
    decisions,
  };
}
