import type { StatisticsRow } from '../callbacks/schema.ts';
import { callbackStatistics, groupCallbackStatistics } from '../callbacks/statistics.ts';
import { complaintReport, groupComplaintReport } from '../complaints/report.ts';
import type { ComplaintReport } from '../complaints/report-schema.ts';
import type { Database } from '../db/database.ts';
import { forbidden } from '../errors.ts';
import { type Actor, canAtStore, seesAllStores, visibleStoreIds } from '../identity/actor.ts';
import { addMonths, daysOf, monthRange, monthsBetween } from './month.ts';
import { lostCustomerMonths } from './month-figures.ts';
import { type Dashboard, type DashboardFigure, type DashboardFigures, DashboardQuery } from './schema.ts';

export interface HqDashboardOptions {
  db: Database;
  actor: Actor;
  query: DashboardQuery;
  now?: Date;
}

interface StoreRef {
  id: string;
  code: string;
  name: string;
}

const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/**
 * The headline figures of each store for the store-local days from–to. Satisfaction comes
 * from the callbacks area's statistics (the group table for HQ, one store's table each for
 * a store admin) and complaints from the complaints area's report; only the lost customers
 * won back are counted here.
 */
async function figuresOf(
  { db, actor, now }: { db: Database; actor: Actor; now: Date },
  stores: StoreRef[],
  hq: boolean,
  from: string,
  to: string,
): Promise<Map<string, DashboardFigures>> {
  const period = { from, to };
  const ids = stores.map((s) => s.id);
  const [sales, afterSales, complaints, lost] = await Promise.all([
    satisfactionOf(db, actor, ids, hq, 'salesConsultant', period),
    satisfactionOf(db, actor, ids, hq, 'serviceAdvisor', period),
    hq
      ? groupComplaintReport({ db, actor, query: period, now }).then((r) => r.stores)
      : Promise.all(ids.map((storeId) => complaintReport({ db, actor, storeId, query: period, now }))),
    db.withTenant(actor.tenantId, (tx) => lostCustomerMonths(tx, ids, from, to)),
  ]);
  const byStore = new Map<string, ComplaintReport>(complaints.map((r) => [r.storeId, r]));
  return new Map(
    ids.map((id) => {
      const s = sales.get(id);
      const a = afterSales.get(id);
      const c = byStore.get(id);
      const outcome = (o: string) => c?.byOutcome.find((x) => x.outcome === o)?.count ?? 0;
      return [
        id,
        {
          salesFullySatisfiedRate: s?.fullySatisfiedRate ?? null,
          afterSalesFullySatisfiedRate: a?.fullySatisfiedRate ?? null,
          callbackSuccessRate: rate(
            (s?.reached ?? 0) + (a?.reached ?? 0),
            (s?.events ?? 0) + (a?.events ?? 0),
          ),
          complaintsOpened: c?.total ?? 0,
          complaintsBreached: new Set(c?.breaches.map((b) => b.complaintId)).size,
          complaintsClosed: outcome('resolved') + outcome('notUpheld'),
          lostWonBack: lost.get(id)?.wonBack ?? 0,
        },
      ];
    }),
  );
}

/** Each store's total line of 满意率统计表 for the period, from the callbacks area. */
async function satisfactionOf(
  db: Database,
  actor: Actor,
  storeIds: string[],
  hq: boolean,
  by: 'salesConsultant' | 'serviceAdvisor',
  period: { from: string; to: string },
): Promise<Map<string, StatisticsRow>> {
  if (hq) {
    const table = await groupCallbackStatistics({ db, actor, query: { by, ...period } });
    return new Map(table.stores.map((r) => [r.storeId, r]));
  }
  const tables = await Promise.all(
    storeIds.map((storeId) => callbackStatistics({ db, actor, storeId, query: { by, ...period } })),
  );
  return new Map(tables.map((t, i) => [storeIds[i] as string, t.total]));
}

/** Higher is better for rates and closures, lower for complaints opened and breached; none ranks last. */
const lowerIsBetter: ReadonlySet<DashboardFigure> = new Set(['complaintsOpened', 'complaintsBreached']);

/**
 * The HQ dashboard: every store the actor may see (HQ: every active store of its group; a
 * store admin: their own) side by side for a month or a range of months, ranked by one
 * figure, with each figure's twelve months up to the range's end for the trend charts.
 *
 * @example
 * const board = await hqDashboard({ db, actor, query: { month: '2026-03', rankBy: 'complaintsBreached' } });
 */
export async function hqDashboard({
  db,
  actor,
  query,
  now = new Date(),
}: HqDashboardOptions): Promise<Dashboard> {
  const { rankBy } = DashboardQuery.parse(query);
  const months = monthRange(query);
  const hq = seesAllStores(actor);
  const visible = visibleStoreIds(actor);
  const stores = await db.withTenant(actor.tenantId, (tx) =>
    hq
      ? tx<StoreRef[]>`select id, code, name from stores where active order by code`
      : tx<StoreRef[]>`select id, code, name from stores
          where active and id = any(${visible === 'all' ? [] : visible}::uuid[]) order by code`,
  );
  const mine = hq ? stores : stores.filter((s) => canAtStore(actor, s.id, 'reports.dashboard'));
  if (!hq && mine.length === 0) throw forbidden();

  const ctx = { db, actor, now };
  const period = await figuresOf(ctx, mine, hq, daysOf(months.from).from, daysOf(months.to).to);
  const trendMonths = monthsBetween(addMonths(months.to, -11), months.to);
  const trend = await Promise.all(
    trendMonths.map((m) => {
      const { from, to } = daysOf(m);
      return figuresOf(ctx, mine, hq, from, to);
    }),
  );

  const score = (f: DashboardFigures) => {
    const v = f[rankBy];
    if (v === null) return Number.NEGATIVE_INFINITY;
    return lowerIsBetter.has(rankBy) ? -v : v;
  };
  const ranked = mine
    .map((s) => ({ store: s, figures: period.get(s.id) as DashboardFigures }))
    .sort((a, b) => score(b.figures) - score(a.figures) || a.store.code.localeCompare(b.store.code));
  return {
    from: months.from,
    to: months.to,
    rankBy,
    stores: ranked.map(({ store, figures }, i) => ({
      storeId: store.id,
      storeCode: store.code,
      storeName: store.name,
      rank: i + 1,
      figures,
    })),
    trend: {
      months: trendMonths,
      stores: mine.map((s) => ({ storeId: s.id, months: trend.map((t) => t.get(s.id) as DashboardFigures) })),
    },
  };
}
