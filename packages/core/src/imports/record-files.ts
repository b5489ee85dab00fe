import type { CustomerInput, VehicleInput } from '../customers/schema.ts';
import type { Tx } from '../db/database.ts';
import { transferOwnership, upsertCustomers, upsertVehicles } from '../events/upsert-files.ts';

/**
 * Puts customers and their vehicles on file from rows that carry no event (a customer
 * list): the same upserts ingestion uses, so a later delivery or order finds them. A car
 * with no owner on file gets this customer; a car owned by someone else changes hands only
 * through an event (which carries its date), never through a list.
 */
export async function recordCustomerFiles(
  tx: Tx,
  tenantId: string,
  storeId: string,
  rows: { customer: CustomerInput; vehicle: VehicleInput }[],
  now: string,
): Promise<void> {
  if (rows.length === 0) return;
  const customers = await upsertCustomers(
    tx,
    tenantId,
    storeId,
    rows.map((r) => r.customer),
  );
  const vehicles = await upsertVehicles(
    tx,
    tenantId,
    storeId,
    rows.map((r) => ({ input: r.vehicle })),
  );
  const owners = new Map<string, { vehicleId: string; customerId: string; since: string }>();
  for (const { customer, vehicle } of rows) {
    const onFile = vehicles.get(vehicle.vin);
    const owner = customers.get(customer.dmsId);
    if (!onFile || !owner || onFile.currentOwnerId !== null) continue;
    owners.set(onFile.id, { vehicleId: onFile.id, customerId: owner.id, since: now });
  }
  await transferOwnership(tx, tenantId, storeId, [...owners.values()]);
}
