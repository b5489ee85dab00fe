import {
  type CompiledRuleSet,
  expectedMaintenanceIntervalDays,
  type FactsOf,
  maintenanceIntervalsOf,
} from '@crm/rules';
import type { Tx } from '../db/database.ts';
import type { DecidableEvent } from './apply-decisions.ts';

/**
 * The facts each rule kind reads about one recorded event. Ingestion decides with them,
 * and simulation replays a store's recent events through a draft with the same facts.
 */
export function callbackWindowFacts(
  event: DecidableEvent & { occurredOn: string },
): FactsOf<'callbackWindow'> {
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
export function pointsFacts(event: DecidableEvent): FactsOf<'points'> | null {
  if (event.kind !== 'repairOrder' || !event.orderTypes || !event.payer) return null;
  return {
    eventType: 'repairOrder',
    order: { types: event.orderTypes, payer: event.payer, selfPaidFen: event.selfPaidFen ?? 0 },
    ...(event.member ? { member: { tier: event.member.tier } } : {}),
  };
}

/** What the smsReminder rules read of a car and its owner when a reminder's day is sought. */
export interface ReminderFile {
  smsOptedOut: boolean;
  birthday: string | null;
  plate: string | null;
  model: string | null;
  purchaseDate: string | null;
  mileageKm: number | null;
  firstMaintenanceOn: string | null;
  lastMaintenanceOn: string | null;
  lastVisitOn: string | null;
}

/** The smsReminder facts of a file: ingestion and the reschedule after a publish read the same. */
export function smsReminderFacts(file: ReminderFile): FactsOf<'smsReminder'> {
  return {
    customer: {
      optedOut: file.smsOptedOut,
      ...(file.birthday ? { birthday: file.birthday } : {}),
    },
    vehicle: {
      ...(file.plate ? { plate: file.plate } : {}),
      ...(file.model ? { model: file.model } : {}),
      ...(file.purchaseDate ? { purchaseDate: file.purchaseDate } : {}),
      ...(file.mileageKm !== null ? { mileageKm: file.mileageKm } : {}),
      firstMaintenanceDone: file.firstMaintenanceOn !== null,
      ...(file.lastMaintenanceOn ? { lastMaintenanceDate: file.lastMaintenanceOn } : {}),
    },
    ...(file.lastVisitOn ? { lastVisitDate: file.lastVisitOn } : {}),
  };
}

/** The built-in expected maintenance interval (half a year), where no store rule says otherwise. */
const defaultMaintenanceIntervalDays = 182;

/**
 * The store's expected maintenance interval for each of its cars, from its classification
 * rules: by the car's brand (or, when the DMS sent none, the store's only brand) and model.
 */
export async function maintenanceIntervalReader(
  tx: Tx,
  storeId: string,
  rules: CompiledRuleSet<'classification'>,
): Promise<(vehicle: { brand?: string | null; model?: string | null }) => number> {
  const intervals = maintenanceIntervalsOf(rules.ruleSet);
  if (intervals.byVehicle.length === 0) return () => intervals.defaultDays;
  const [store] = await tx<{ brands: string[] }[]>`select brands from stores where id = ${storeId}`;
  const storeBrand = store?.brands.length === 1 ? store.brands[0] : null;
  return (vehicle) =>
    expectedMaintenanceIntervalDays(intervals, {
      brand: vehicle.brand ?? storeBrand,
      model: vehicle.model ?? null,
    });
}

/** What the classification rules read of a car's file (its figures as of `today`). */
export interface FileFigures {
  firstMaintenanceOn: string | null;
  /** Distinct days with a maintenance order; omit where not counted (attendance is then unknown). */
  maintenanceVisits?: number;
  lastVisitOn: string | null;
  visits6m: number;
  visits12m: number;
  visits36m: number;
  cumulativeSpendFen: number;
  spend12mFen: number;
  /** The car's expected interval between maintenances, where the figures carry it (`tierFactsOf`). */
  maintenanceIntervalDays?: number;
}

/**
 * The classification facts of a file. Maintenance attendance is the share of the
 * maintenances due since the first one (one per `intervalDays`, the car's expected interval
 * from `maintenanceIntervalReader`) that happened here (capped at 100 %).
 */
export function classificationFacts(
  file: FileFigures,
  today: string,
  intervalDays: number = file.maintenanceIntervalDays ?? defaultMaintenanceIntervalDays,
): Record<string, unknown> {
  let maintenanceAttendancePercent: number | undefined;
  if (file.firstMaintenanceOn && file.maintenanceVisits !== undefined) {
    const days = (Date.parse(today) - Date.parse(file.firstMaintenanceOn)) / 86_400_000;
    const due = Math.floor(days / intervalDays);
    if (due > 0)
      maintenanceAttendancePercent = Math.min(100, Math.round(((file.maintenanceVisits - 1) / due) * 100));
  }
  return {
    firstMaintenanceDone: file.firstMaintenanceOn !== null,
    ...(maintenanceAttendancePercent === undefined ? {} : { maintenanceAttendancePercent }),
    ...(file.lastVisitOn ? { lastVisitDate: file.lastVisitOn } : {}),
    visits: { last6Months: file.visits6m, last12Months: file.visits12m, last36Months: file.visits36m },
    spend: { cumulativeFen: file.cumulativeSpendFen, last12MonthsFen: file.spend12mFen },
  };
}
