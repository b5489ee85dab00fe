import type { Tx } from '../db/database.ts';

/**
 * Records deliveries and repair orders, unique on the DMS id per store. A resend with the
 * same content is neither inserted nor updated (it comes back as absent, i.e. unchanged);
 * a resend with other content updates the row. Rows go in DMS-id order so overlapping
 * batches wait for each other rather than deadlock.
 */

export interface DeliveryRow {
  dmsId: string;
  vehicleId: string;
  customerId: string;
  salesConsultantId: string | null;
  contractNo: string | null;
  deliveredAt: string;
  deliveredOn: string;
  contentHash: string;
}

export interface RepairOrderRow {
  dmsId: string;
  vehicleId: string;
  customerId: string | null;
  orderTypes: string[];
  payer: string;
  labourFen: number;
  partsFen: number;
  selfPaidFen: number;
  insuranceFen: number;
  warrantyFen: number;
  freeMaintenanceFen: number;
  serviceAdvisorId: string | null;
  repairTeamId: string | null;
  mileageKm: number | null;
  openedAt: string;
  openedOn: string;
  closedAt: string | null;
  closedOn: string | null;
  contentHash: string;
}

export interface Recorded {
  id: string;
  inserted: boolean;
}

const byDmsId = <T extends { dmsId: string }>(rows: T[]) =>
  [...rows].sort((a, b) => (a.dmsId < b.dmsId ? -1 : a.dmsId > b.dmsId ? 1 : 0));

// Column names of the row types above, converted once (a batch converts 20,000 keys).
const snakeNames = new Map<string, string>();
const snakeName = (key: string) => {
  let name = snakeNames.get(key);
  if (name === undefined) {
    name = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    snakeNames.set(key, name);
  }
  return name;
};
const snake = (row: object) => {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[snakeName(key)] = value;
  return out;
};

export async function recordDeliveries(
  tx: Tx,
  tenantId: string,
  storeId: string,
  rows: DeliveryRow[],
): Promise<Map<string, Recorded>> {
  if (rows.length === 0) return new Map();
  const json = tx.json(byDmsId(rows).map(snake) as Parameters<typeof tx.json>[0]);
  const written = await tx<(Recorded & { dmsId: string })[]>`
    insert into deliveries as d (tenant_id, store_id, dms_id, vehicle_id, customer_id, sales_consultant_id,
      contract_no, delivered_at, delivered_on, content_hash)
    select ${tenantId}, ${storeId}, r.dms_id, r.vehicle_id, r.customer_id, r.sales_consultant_id, r.contract_no,
      r.delivered_at, r.delivered_on, r.content_hash
    from jsonb_to_recordset(${json}) as r(dms_id text, vehicle_id uuid, customer_id uuid,
      sales_consultant_id uuid, contract_no text, delivered_at timestamptz, delivered_on date, content_hash text)
    order by r.dms_id
    on conflict (tenant_id, store_id, dms_id) do update set
      vehicle_id = excluded.vehicle_id,
      customer_id = excluded.customer_id,
      sales_consultant_id = excluded.sales_consultant_id,
      contract_no = excluded.contract_no,
      delivered_at = excluded.delivered_at,
      delivered_on = excluded.delivered_on,
      content_hash = excluded.content_hash,
      updated_at = now()
    where d.content_hash <> excluded.content_hash
    returning d.id, d.dms_id, (d.xmax = 0) as inserted`;
  return new Map(written.map((w) => [w.dmsId, { id: w.id, inserted: w.inserted }]));
}

export async function recordRepairOrders(
  tx: Tx,
  tenantId: string,
  storeId: string,
  rows: RepairOrderRow[],
): Promise<Map<string, Recorded>> {
  if (rows.length === 0) return new Map();
  const json = tx.json(byDmsId(rows).map(snake) as Parameters<typeof tx.json>[0]);
  const written = await tx<(Recorded & { dmsId: string })[]>`
    insert into repair_orders as o (tenant_id, store_id, dms_id, vehicle_id, customer_id, order_types, payer,
      labour_fen, parts_fen, self_paid_fen, insurance_fen, warranty_fen, free_maintenance_fen,
      service_advisor_id, repair_team_id, mileage_km, opened_at, opened_on, closed_at, closed_on, content_hash)
    select ${tenantId}, ${storeId}, r.dms_id, r.vehicle_id, r.customer_id, r.order_types, r.payer,
      r.labour_fen, r.parts_fen, r.self_paid_fen, r.insurance_fen, r.warranty_fen, r.free_maintenance_fen,
      r.service_advisor_id, r.repair_team_id, r.mileage_km, r.opened_at, r.opened_on, r.closed_at, r.closed_on,
      r.content_hash
    from jsonb_to_recordset(${json}) as r(dms_id text, vehicle_id uuid, customer_id uuid, order_types text[],
      payer text, labour_fen bigint, parts_fen bigint, self_paid_fen bigint, insurance_fen bigint,
      warranty_fen bigint, free_maintenance_fen bigint, service_advisor_id uuid, repair_team_id uuid,
      mileage_km integer, opened_at timestamptz, opened_on date, closed_at timestamptz, closed_on date,
      content_hash text)
    order by r.dms_id
    on conflict (tenant_id, store_id, dms_id) do update set
      vehicle_id = excluded.vehicle_id,
      customer_id = excluded.customer_id,
      order_types = excluded.order_types,
      payer = excluded.payer,
      labour_fen = excluded.labour_fen,
      parts_fen = excluded.parts_fen,
      self_paid_fen = excluded.self_paid_fen,
      insurance_fen = excluded.insurance_fen,
      warranty_fen = excluded.warranty_fen,
      free_maintenance_fen = excluded.free_maintenance_fen,
      service_advisor_id = excluded.service_advisor_id,
      repair_team_id = excluded.repair_team_id,
      mileage_km = excluded.mileage_km,
      opened_at = excluded.opened_at,
      opened_on = excluded.opened_on,
      closed_at = excluded.closed_at,
      closed_on = excluded.closed_on,
      content_hash = excluded.content_hash,
      updated_at = now()
    where o.content_hash <> excluded.content_hash
    returning o.id, o.dms_id, (o.xmax = 0) as inserted`;
  return new Map(written.map((w) => [w.dmsId, { id: w.id, inserted: w.inserted }]));
}

/** The content hashes on file for these DMS ids: an equal hash means the event was sent before. */
export async function recordedHashes(
  tx: Tx,
  tenantId: string,
  storeId: string,
  deliveryIds: string[],
  orderIds: string[],
): Promise<{
  deliveries: Map<string, { id: string; hash: string; vehicleId: string }>;
  orders: Map<string, { id: string; hash: string; vehicleId: string }>;
}> {
  type Row = { dmsId: string; id: string; contentHash: string; vehicleId: string };
  const toMap = (rows: Row[]) =>
    new Map(rows.map((r) => [r.dmsId, { id: r.id, hash: r.contentHash, vehicleId: r.vehicleId }]));
  const deliveries =
    deliveryIds.length === 0
      ? []
      : await tx<Row[]>`select dms_id, id, content_hash, vehicle_id from deliveries
          where tenant_id = ${tenantId} and store_id = ${storeId} and dms_id = any(${deliveryIds}::text[])`;
  const orders =
    orderIds.length === 0
      ? []
      : await tx<Row[]>`select dms_id, id, content_hash, vehicle_id from repair_orders
          where tenant_id = ${tenantId} and store_id = ${storeId} and dms_id = any(${orderIds}::text[])`;
  return { deliveries: toMap(deliveries), orders: toMap(orders) };
}
