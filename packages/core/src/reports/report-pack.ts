import { callbackStatistics } from '../callbacks/statistics.ts';
import { listUnsuccessfulCallbacks } from '../callbacks/unsuccessful.ts';
import { complaintReport } from '../complaints/report.ts';
import type { Database } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { type Actor, assertStoreCan } from '../identity/actor.ts';
import { cardAnalysis } from './card-analysis.ts';
import { daysOf } from './month.ts';
import { lostCustomerMonths, membershipMonths, smsMonths } from './month-figures.ts';
import type { ReportPack } from './schema.ts';

export interface ReportPackOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  month: string;
  /** The report's moment: a complaint clock still running past its deadline is overdue up to here. */
  now?: Date;
}

/**
 * 月度报表: everything the store manager opens at month end, for one calendar month of the
 * store's own days. Satisfaction, unsuccessful callbacks and complaints come from their
 * areas' own reports (called, not recomputed); cards, SMS, lost customers and membership
 * are counted here, each from its area's tables.
 *
 * @example
 * const pack = await reportPack({ db, actor, storeId, month: '2026-03' });
 */
export async function reportPack({
  db,
  actor,
  storeId,
  month,
  now = new Date(),
}: ReportPackOptions): Promise<ReportPack> {
  assertStoreCan(actor, storeId, 'reports.read');
  const { from, to } = daysOf(month);
  const statistics = (by: 'salesConsultant' | 'serviceAdvisor' | 'repairTeam') =>
    callbackStatistics({ db, actor, storeId, query: { by, month } });
  const [salesConsultant, serviceAdvisor, repairTeam, unsuccessfulCallbacks, complaints] = await Promise.all([
    statistics('salesConsultant'),
    statistics('serviceAdvisor'),
    statistics('repairTeam'),
    listUnsuccessfulCallbacks({ db, actor, storeId, from, to }),
    complaintReport({ db, actor, storeId, query: { from, to }, now }),
  ]);
  return db.withTenant(actor.tenantId, async (tx) => {
    const [store] = await tx<{ id: string; code: string; name: string; timeZone: string }[]>`
      select id, code, name, time_zone from stores where id = ${storeId}`;
    if (!store) throw notFound('Store');
    const ids = [storeId];
    const [A, C, sms, lost, membership] = await Promise.all([
      cardAnalysis(tx, storeId, 'A', from, to),
      cardAnalysis(tx, storeId, 'C', from, to),
      smsMonths(tx, ids, from, to),
      lostCustomerMonths(tx, ids, from, to),
      membershipMonths(tx, ids, from, to),
    ]);
    return {
      storeId,
      storeCode: store.code,
      storeName: store.name,
      timeZone: store.timeZone,
      month,
      from,
      to,
      satisfaction: { salesConsultant, serviceAdvisor, repairTeam },
      unsuccessfulCallbacks,
      cards: { A, C },
      complaints,
      sms: sms.get(storeId) as ReportPack['sms'],
      lostCustomers: lost.get(storeId) as ReportPack['lostCustomers'],
      membership: membership.get(storeId) as ReportPack['membership'],
    };
  });
}
