import type { DecidableEvent } from './apply-decisions.ts';

/**
 * The facts each rule kind reads about one recorded event. Ingestion decides with them,
 * and simulation replays a store's recent events through a draft with the same facts.
 */
export function callbackWindowFacts(event: DecidableEvent & { occurredOn: string }): Record<string, unknown> {
  return {
    eventType: event.kind,
    occurredOn: event.occurredOn,
    ...(event.orderTypes ? { orderTypes: event.orderTypes } : {}),
    ...(event.payer ? { payer: event.payer } : {}),
    customer: {
      vip: event.customer.vip,
      refusesCalls: event.customer.refusesCalls,
      ...(event.vehicle.cardType ? { cardType: event.vehicle.cardType } : {}),
    },
    vehicle: {
      vin: event.vehicle.vin,
      ...(event.vehicle.series ? { series: event.vehicle.series } : {}),
      ...(event.vehicle.model ? { model: event.vehicle.model } : {}),
      ...(event.vehicle.mileageKm !== null ? { mileageKm: event.vehicle.mileageKm } : {}),
    },
  };
}

/** Points are earned on closed repair orders only; null for anything else. */
export function pointsFacts(event: DecidableEvent): Record<string, unknown> | null {
  if (event.kind !== 'repairOrder' || !event.orderTypes || !event.payer) return null;
  return {
    eventType: 'repairOrder',
    order: { types: event.orderTypes, payer: event.payer, selfPaidFen: event.selfPaidFen ?? 0 },
  };
}
