import type { JobHandler } from '../queues/handlers.ts';
import { runQualityNight } from './close-month.ts';

/** The store's quality night: month close (meeting pack), effect figures, overdue reminders. */
export const qualityNightlyJob: JobHandler<'quality.nightly'> = async ({ db, tenantId, log }, payload) => {
  const result = await runQualityNight({
    db,
    tenantId,
    storeId: payload.storeId,
    now: payload.at ? new Date(payload.at) : new Date(),
  });
  log.info({ storeId: payload.storeId, ...result }, 'quality nightly');
};
