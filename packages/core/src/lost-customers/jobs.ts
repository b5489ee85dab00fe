import type { JobHandler } from '../queues/handlers.ts';
import { markLostCustomers } from './mark-lost-customers.ts';

/** The store's nightly lost-customer pass: the classification rules decide `lost` again as time passes. */
export const lostCustomersNightlyJob: JobHandler<'lostCustomers.nightly'> = async (
  { db, tenantId, log },
  payload,
) => {
  const result = await markLostCustomers({
    db,
    tenantId,
    storeId: payload.storeId,
    now: payload.at ? new Date(payload.at) : new Date(),
  });
  log.info(result, 'lost customers nightly');
};
