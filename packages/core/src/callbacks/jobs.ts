import type { JobHandler } from '../queues/handlers.ts';
import { StatisticsDimension } from './schema.ts';
import { refreshStaleMonths } from './statistics-rollup.ts';
import { runCallbackWindow } from './windows.ts';

/** A callback window's opening or closing came due: the guarded state change of `runCallbackWindow`. */
export const callbackWindowJob: JobHandler<'callbacks.window'> = async (
  { db, tenantId, log },
  { taskId, edge },
) => {
  const result = await runCallbackWindow({ db, tenantId, taskId, edge });
  log.debug({ taskId, edge, result }, 'callback window');
};

/**
 * The store's night: every store-month of the statistics roll-up marked stale (by the day's
 * events and calls, or every month after the roll-up's migration) is computed now, so the
 * morning's first statistics or HQ dashboard read finds it up to date. One transaction per
 * dimension; a second run finds nothing stale and does nothing.
 */
export const callbackStatisticsNightlyJob: JobHandler<'callbacks.statisticsNightly'> = async (
  { db, tenantId, log },
  { storeId },
) => {
  const computed: Record<string, number> = {};
  for (const by of StatisticsDimension.options) {
    computed[by] = await db.withTenant(tenantId, (tx) =>
      refreshStaleMonths(tx, tenantId, [storeId], by, ['1900-01-01', '9999-12-01']),
    );
  }
  log.info({ storeId, computed }, 'callback statistics nightly');
};
