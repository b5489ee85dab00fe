import type { CustomerInput, VehicleInput } from '../customers/schema.ts';
import { checkVin } from '../customers/vin.ts';
import type { Tx } from '../db/database.ts';
import { hashOf } from './parse-batch.ts';

/**
 * The set-based writes that put the DMS's customers, vehicles and staff on file. Every
 * statement takes its rows in key order (names, DMS ids, VINs), so two overlapping batches
 * lock the same rows in the same order and wait for each other instead of deadlocking.
 */

export type StaffKind = 'salesConsultant' | 'serviceAdvisor' | 'repairTeam';
const staffKey = (kind: StaffKind, name: string) => `${kind}\u0000${name}`;

/** Adds names not yet in the staff directory; returns (kind, name) → id. */
export async function upsertStaff(
  tx: Tx,
  tenantId: string,
  storeId: string,
  staff: { kind: StaffKind; name: string }[],
): Promise<Map<string, string>> {
  const byKey = new Map(staff.map((s) => [staffKey(s.kind, s.name), s]));
  const ids = new Map<string, string>();
  if (byKey.size === 0) return ids;
  const sorted = [...byKey.values()].sort((a, b) =>
    staffKey(a.kind, a.name).localeCompare(staffKey(b.kind, b.name)),
  );
  const kinds = sorted.map((s) => s.kind);
  const names = sorted.map((s) => s.name);
  await tx`
    insert into staff_members (tenant_id, store_id, kind, name)
    select ${tenantId}, ${storeId}, u.kind, u.name
    from unnest(${kinds}::text[], ${names}::text[]) with ordinality as u(kind, name, n)
    order by u.n
    on conflict (tenant_id, store_id, kind, name) do nothing`;
  const rows = await tx<{ id: string; kind: StaffKind; name: string }[]>`
    select s.id, s.kind, s.name from staff_members s
    join unnest(${kinds}::text[], ${names}::text[]) as u(kind, name) on u.kind = s.kind and u.name = s.name
    where s.tenant_id = ${tenantId} and s.store_id = ${storeId}`;
  for (const row of rows) ids.set(staffKey(row.kind, row.name), row.id);
  return ids;
}

export const staffIdOf = (ids: Map<string, string>, kind: StaffKind, name: string | null | undefined) =>
  name ? (ids.get(staffKey(kind, name)) ?? null) : null;

/**
 * One batch naming a customer or car twice (a file with a delivery and an order of the same
 * car): the later row's fields over the earlier's, a field the later row leaves out keeping
 * the earlier value, as the upsert treats what is on file.
 */
function sentOver<T extends object>(earlier: T | undefined, later: T): T {
  if (!earlier) return later;
  const merged = { ...earlier };
  for (const [key, value] of Object.entries(later)) if (value !== undefined) merged[key as keyof T] = value;
  return merged;
}

/**
 * Upserts customers by their DMS id. Fields the DMS leaves out keep what the file holds;
 * a customer sent exactly as last time is not written at all.
 */
export async function upsertCustomers(
  tx: Tx,
  tenantId: string,
  storeId: string,
  customers: CustomerInput[],
): Promise<
  Map<
    string,
    { id: string; vip: boolean; refusesCalls: boolean; smsOptedOut: boolean; birthday: string | null }
  >
> {
  const byDmsId = new Map<string, CustomerInput>();
  for (const c of customers) byDmsId.set(c.dmsId, sentOver(byDmsId.get(c.dmsId), c));
  const sorted = [...byDmsId.values()].sort((a, b) => (a.dmsId < b.dmsId ? -1 : a.dmsId > b.dmsId ? 1 : 0));
  const rows = sorted.map((c) => ({
    dms_id: c.dmsId,
    name: c.name,
    gender: c.gender,
    title: c.title,
    birthday: c.birthday,
    id_number: c.idNumber,
    mobile: c.mobile,
    landline: c.landline,
    email: c.email,
    wechat: c.wechat,
    qq: c.qq,
    city: c.city,
    district: c.district,
    home_address: c.homeAddress,
    mailing_address: c.mailingAddress,
    postcode: c.postcode,
    preferred_channel: c.preferredChannel,
    occupation: c.occupation,
    industry: c.industry,
    info_source: c.infoSource,
    visit_channel: c.visitChannel,
    vip: c.vip,
    refuses_calls: c.refusesCalls,
    sms_opted_out: c.smsOptedOut,
    dms_hash: hashOf(c),
  }));
  const result = new Map<
    string,
    { id: string; vip: boolean; refusesCalls: boolean; smsOptedOut: boolean; birthday: string | null }
  >();
  if (rows.length === 0) return result;
  const json = tx.json(rows as unknown as Parameters<typeof tx.json>[0]);
  await tx`
    insert into customers as c (tenant_id, store_id, dms_id, name, gender, title, birthday, id_number, mobile,
      landline, email, wechat, qq, city, district, home_address, mailing_address, postcode, preferred_channel,
      occupation, industry, info_source, visit_channel, vip, refuses_calls, sms_opted_out, dms_hash)
    select ${tenantId}, ${storeId}, r.dms_id, r.name, r.gender, r.title, r.birthday, r.id_number, r.mobile,
      r.landline, r.email, r.wechat, r.qq, r.city, r.district, r.home_address, r.mailing_address, r.postcode,
      r.preferred_channel, r.occupation, r.industry, r.info_source, r.visit_channel,
      coalesce(r.vip, false), coalesce(r.refuses_calls, false), coalesce(r.sms_opted_out, false), r.dms_hash
    from jsonb_to_recordset(${json}) as r(dms_id text, name text, gender text, title text, birthday date,
      id_number text, mobile text, landline text, email text, wechat text, qq text, city text, district text,
      home_address text, mailing_address text, postcode text, preferred_channel text, occupation text,
      industry text, info_source text, visit_channel text, vip boolean, refuses_calls boolean,
      sms_opted_out boolean, dms_hash text)
    order by r.dms_id
    on conflict (tenant_id, store_id, dms_id) do update set
      name = excluded.name,
      gender = coalesce(excluded.gender, c.gender),
      title = coalesce(excluded.title, c.title),
      birthday = coalesce(excluded.birthday, c.birthday),
      id_number = coalesce(excluded.id_number, c.id_number),
      mobile = coalesce(excluded.mobile, c.mobile),
      landline = coalesce(excluded.landline, c.landline),
      email = coalesce(excluded.email, c.email),
      wechat = coalesce(excluded.wechat, c.wechat),
      qq = coalesce(excluded.qq, c.qq),
      city = coalesce(excluded.city, c.city),
      district = coalesce(excluded.district, c.district),
      home_address = coalesce(excluded.home_address, c.home_address),
      mailing_address = coalesce(excluded.mailing_address, c.mailing_address),
      postcode = coalesce(excluded.postcode, c.postcode),
      preferred_channel = coalesce(excluded.preferred_channel, c.preferred_channel),
      occupation = coalesce(excluded.occupation, c.occupation),
      industry = coalesce(excluded.industry, c.industry),
      info_source = coalesce(excluded.info_source, c.info_source),
      visit_channel = coalesce(excluded.visit_channel, c.visit_channel),
      dms_hash = excluded.dms_hash,
      updated_at = now()
    where c.dms_hash is distinct from excluded.dms_hash`;
  // The flags are not null on file, so "absent" cannot travel through the insert: set the sent ones here.
  if (
    rows.some((r) => r.vip !== undefined || r.refuses_calls !== undefined || r.sms_opted_out !== undefined)
  ) {
    await tx`
      update customers c set
        vip = coalesce(r.vip, c.vip),
        refuses_calls = coalesce(r.refuses_calls, c.refuses_calls),
        sms_opted_out = coalesce(r.sms_opted_out, c.sms_opted_out)
      from jsonb_to_recordset(${json}) as r(dms_id text, vip boolean, refuses_calls boolean, sms_opted_out boolean)
      where c.tenant_id = ${tenantId} and c.store_id = ${storeId} and c.dms_id = r.dms_id
        and (c.vip, c.refuses_calls, c.sms_opted_out)
          is distinct from (coalesce(r.vip, c.vip), coalesce(r.refuses_calls, c.refuses_calls),
            coalesce(r.sms_opted_out, c.sms_opted_out))`;
  }
  const found = await tx<
    {
      id: string;
      dmsId: string;
      vip: boolean;
      refusesCalls: boolean;
      smsOptedOut: boolean;
      birthday: string | null;
    }[]
  >`
    select id, dms_id, vip, refuses_calls, sms_opted_out, birthday from customers
    where tenant_id = ${tenantId} and store_id = ${storeId} and dms_id = any(${sorted.map((c) => c.dmsId)}::text[])`;
  for (const row of found) result.set(row.dmsId, row);
  return result;
}

export interface VehicleOnFile {
  id: string;
  vin: string;
  currentOwnerId: string | null;
  ownerSince: string | null;
  cardType: 'A' | 'C' | null;
  plate: string | null;
  series: string | null;
  model: string | null;
  purchaseDate: string | null;
  mileageKm: number | null;
  inspectionDueDate: string | null;
  insuranceExpiryDate: string | null;
}

export interface VehicleWrite {
  input: VehicleInput;
  /** From a delivery: the car was bought here (A card), on this date, from this consultant. */
  delivery?: { deliveredOn: string; sellingConsultantId: string | null };
}

/**
 * The cars on file by VIN; `lock` takes their row locks in VIN order, as every writer of vehicles
 * does. `ownerSince: false` leaves `ownerSince` null (one index probe less per car), for callers
 * that move no car to another owner.
 */
export async function vehiclesOnFile(
  tx: Tx,
  tenantId: string,
  storeId: string,
  vins: string[],
  { lock = false, ownerSince = true }: { lock?: boolean; ownerSince?: boolean } = {},
): Promise<Map<string, VehicleOnFile>> {
  if (vins.length === 0) return new Map();
  const rows = await tx<VehicleOnFile[]>`
    select v.id, v.vin, v.current_owner_id, v.card_type, v.plate, v.series, v.model, v.purchase_date,
      v.mileage_km, v.inspection_due_date, v.insurance_expiry_date,
      -- A correlated subquery is never flattened into a join: it stays one probe of the
      -- current-ownership index per vehicle, whatever the planner believes about row counts.
      ${
        ownerSince
          ? tx`(select o.from_at from vehicle_ownerships o
              where o.tenant_id = ${tenantId} and o.vehicle_id = v.id and o.to_at is null)`
          : tx`null::timestamptz`
      } as owner_since
    from vehicles v
    where v.tenant_id = ${tenantId} and v.store_id = ${storeId} and v.vin = any(${vins}::text[])
    ${lock ? tx`order by v.vin for update of v` : tx``}`;
  return new Map(rows.map((r) => [r.vin, r]));
}

/** A write that names the car by its VIN alone: on file already, it changes nothing. */
const byVinAlone = (write: VehicleWrite) =>
  !write.delivery &&
  Object.entries(write.input).every(([key, value]) => key === 'vin' || value === undefined);

/**
 * Upserts vehicles by VIN; a delivery marks the car as bought here (A card, unless it is a C
 * card already). Returns every car named, locked. Most repair orders name their car by its
 * VIN alone: those on file are locked and read in one statement and not written at all.
 */
export async function upsertVehicles(
  tx: Tx,
  tenantId: string,
  storeId: string,
  writes: VehicleWrite[],
  /** Cars this transaction has locked already (read with `lock`): not read again. */
  lockedBefore: Map<string, VehicleOnFile> = new Map(),
): Promise<Map<string, VehicleOnFile>> {
  const byVin = new Map<string, VehicleWrite>();
  for (const write of writes) {
    const earlier = byVin.get(write.input.vin);
    byVin.set(write.input.vin, {
      input: sentOver(earlier?.input, write.input),
      delivery: write.delivery ?? earlier?.delivery,
    });
  }
  const all = [...byVin.values()].sort((a, b) => (a.input.vin < b.input.vin ? -1 : 1));
  // Cars on file are locked first, in VIN order, before any new one is inserted (in VIN order too).
  const unread = all.filter((w) => !lockedBefore.has(w.input.vin));
  const locked = new Map(lockedBefore);
  if (all.some(byVinAlone) && unread.length > 0) {
    const read = await vehiclesOnFile(
      tx,
      tenantId,
      storeId,
      unread.map((w) => w.input.vin),
      { lock: true },
    );
    for (const [vin, vehicle] of read) locked.set(vin, vehicle);
  }
  const sorted = all.filter((w) => !(byVinAlone(w) && locked.has(w.input.vin)));
  if (sorted.length === 0) return locked;
  const rows = sorted.map(({ input: v, delivery }) => {
    const vin = checkVin(v.vin);
    const row = {
      vin: v.vin,
      vin_check_digit_ok: vin.ok && vin.checkDigit !== 'notUsed' ? vin.checkDigit === 'valid' : null,
      plate: v.plate,
      brand: v.brand,
      series: v.series,
      model: v.model,
      trim_options: v.trimOptions,
      exterior_colour: v.exteriorColour,
      interior_colour: v.interiorColour,
      certificate_no: v.certificateNo,
      invoice_no: v.invoiceNo,
      purchase_date: v.purchaseDate ?? delivery?.deliveredOn,
      delivery_date: delivery?.deliveredOn,
      selling_consultant_id: delivery?.sellingConsultantId,
      insurer: v.insurer,
      insured_here: v.insuredHere,
      insurance_expiry_date: v.insuranceExpiryDate,
      inspection_due_date: v.inspectionDueDate,
      mileage_km: v.mileageKm,
      next_maintenance_date: v.nextMaintenanceDate,
      next_maintenance_km: v.nextMaintenanceKm,
      card_type: delivery ? 'A' : null,
    };
    return { ...row, dms_hash: hashOf(row) };
  });
  if (rows.length > 0) {
    await tx`
      insert into vehicles as v (tenant_id, store_id, vin, vin_check_digit_ok, plate, brand, series, model,
        trim_options, exterior_colour, interior_colour, certificate_no, invoice_no, purchase_date, delivery_date,
        selling_consultant_id, insurer, insured_here, insurance_expiry_date, inspection_due_date, mileage_km,
        next_maintenance_date, next_maintenance_km, card_type, card_changed_at, dms_hash)
      select ${tenantId}, ${storeId}, r.vin, r.vin_check_digit_ok, r.plate, r.brand, r.series, r.model,
        r.trim_options, r.exterior_colour, r.interior_colour, r.certificate_no, r.invoice_no, r.purchase_date,
        r.delivery_date, r.selling_consultant_id, r.insurer, r.insured_here, r.insurance_expiry_date,
        r.inspection_due_date, r.mileage_km, r.next_maintenance_date, r.next_maintenance_km, r.card_type,
        case when r.card_type is null then null else now() end, r.dms_hash
      from jsonb_to_recordset(${tx.json(rows as unknown as Parameters<typeof tx.json>[0])}) as r(vin text,
        vin_check_digit_ok boolean, plate text, brand text, series text, model text, trim_options text,
        exterior_colour text, interior_colour text, certificate_no text, invoice_no text, purchase_date date,
        delivery_date date, selling_consultant_id uuid, insurer text, insured_here boolean,
        insurance_expiry_date date, inspection_due_date date, mileage_km integer, next_maintenance_date date,
        next_maintenance_km integer, card_type text, dms_hash text)
      order by r.vin
      on conflict (tenant_id, store_id, vin) do update set
        vin_check_digit_ok = excluded.vin_check_digit_ok,
        plate = coalesce(excluded.plate, v.plate),
        brand = coalesce(excluded.brand, v.brand),
        series = coalesce(excluded.series, v.series),
        model = coalesce(excluded.model, v.model),
        trim_options = coalesce(excluded.trim_options, v.trim_options),
        exterior_colour = coalesce(excluded.exterior_colour, v.exterior_colour),
        interior_colour = coalesce(excluded.interior_colour, v.interior_colour),
        certificate_no = coalesce(excluded.certificate_no, v.certificate_no),
        invoice_no = coalesce(excluded.invoice_no, v.invoice_no),
        purchase_date = coalesce(excluded.purchase_date, v.purchase_date),
        delivery_date = coalesce(excluded.delivery_date, v.delivery_date),
        selling_consultant_id = coalesce(excluded.selling_consultant_id, v.selling_consultant_id),
        insurer = coalesce(excluded.insurer, v.insurer),
        insured_here = coalesce(excluded.insured_here, v.insured_here),
        insurance_expiry_date = coalesce(excluded.insurance_expiry_date, v.insurance_expiry_date),
        inspection_due_date = coalesce(excluded.inspection_due_date, v.inspection_due_date),
        mileage_km = greatest(excluded.mileage_km, v.mileage_km),
        next_maintenance_date = coalesce(excluded.next_maintenance_date, v.next_maintenance_date),
        next_maintenance_km = coalesce(excluded.next_maintenance_km, v.next_maintenance_km),
        card_type = coalesce(v.card_type, excluded.card_type),
        card_changed_at = case when v.card_type is null and excluded.card_type is not null then now()
          else v.card_changed_at end,
        dms_hash = excluded.dms_hash,
        updated_at = now()
      -- Written only when a value changes: an order naming just the VIN leaves the row alone
      -- (the conflicting row is locked all the same, which the refresh of the file relies on).
      where (v.vin_check_digit_ok, v.plate, v.brand, v.series, v.model, v.trim_options, v.exterior_colour,
          v.interior_colour, v.certificate_no, v.invoice_no, v.purchase_date, v.delivery_date,
          v.selling_consultant_id, v.insurer, v.insured_here, v.insurance_expiry_date, v.inspection_due_date,
          v.mileage_km, v.next_maintenance_date, v.next_maintenance_km, v.card_type)
        is distinct from (excluded.vin_check_digit_ok, coalesce(excluded.plate, v.plate),
          coalesce(excluded.brand, v.brand), coalesce(excluded.series, v.series), coalesce(excluded.model, v.model),
          coalesce(excluded.trim_options, v.trim_options), coalesce(excluded.exterior_colour, v.exterior_colour),
          coalesce(excluded.interior_colour, v.interior_colour), coalesce(excluded.certificate_no, v.certificate_no),
          coalesce(excluded.invoice_no, v.invoice_no), coalesce(excluded.purchase_date, v.purchase_date),
          coalesce(excluded.delivery_date, v.delivery_date),
          coalesce(excluded.selling_consultant_id, v.selling_consultant_id), coalesce(excluded.insurer, v.insurer),
          coalesce(excluded.insured_here, v.insured_here),
          coalesce(excluded.insurance_expiry_date, v.insurance_expiry_date),
          coalesce(excluded.inspection_due_date, v.inspection_due_date), greatest(excluded.mileage_km, v.mileage_km),
          coalesce(excluded.next_maintenance_date, v.next_maintenance_date),
          coalesce(excluded.next_maintenance_km, v.next_maintenance_km), coalesce(v.card_type, excluded.card_type))`;
  }
  const written = await vehiclesOnFile(
    tx,
    tenantId,
    storeId,
    sorted.map((w) => w.input.vin),
  );
  for (const [vin, vehicle] of written) locked.set(vin, vehicle);
  return locked;
}

/**
 * Makes `customerId` the vehicle's current owner from `since`, closing the previous
 * ownership; an older event never takes a car back from a newer owner.
 */
export async function transferOwnership(
  tx: Tx,
  tenantId: string,
  storeId: string,
  changes: { vehicleId: string; customerId: string; since: string }[],
): Promise<void> {
  if (changes.length === 0) return;
  const sorted = [...changes].sort((a, b) => (a.vehicleId < b.vehicleId ? -1 : 1));
  const vehicleIds = sorted.map((c) => c.vehicleId);
  const customerIds = sorted.map((c) => c.customerId);
  const since = sorted.map((c) => c.since);
  await tx`
    update vehicle_ownerships o set to_at = greatest(o.from_at, u.since)
    from unnest(${vehicleIds}::uuid[], ${since}::timestamptz[]) as u(vehicle_id, since)
    where o.tenant_id = ${tenantId} and o.vehicle_id = u.vehicle_id and o.to_at is null`;
  await tx`
    insert into vehicle_ownerships (tenant_id, store_id, vehicle_id, customer_id, from_at)
    select ${tenantId}, ${storeId}, u.vehicle_id, u.customer_id, u.since
    from unnest(${vehicleIds}::uuid[], ${customerIds}::uuid[], ${since}::timestamptz[]) as u(vehicle_id, customer_id, since)`;
  await tx`
    update vehicles v set current_owner_id = u.customer_id, updated_at = now()
    from unnest(${vehicleIds}::uuid[], ${customerIds}::uuid[]) as u(vehicle_id, customer_id)
    where v.tenant_id = ${tenantId} and v.id = u.vehicle_id`;
}
