import type { JobHandler } from '../queues/handlers.ts';
import { runMembershipNightly } from './nightly.ts';

/**
 * The club's nightly scan of one store (card expiry, tier moves, points expiry). The scan is
 * idempotent in the database, so a job delivered twice does the work once.
 */
export const membershipNightlyJob: JobHandler<'membership.nightly'> = async (
  { db, tenantId, log },
  payload,
) => {
  const result = await runMembershipNightly({
    db,
    tenantId,
    storeId: payload.storeId,
    now: payload.at ? new Date(payload.at) : new Date(),
  });
  log.info(
    {
      day: result.day,
      cardsExpired: result.cardsExpired,
      tierMoves: result.tierMoves.length,
      pointsExpired: result.pointsExpired.points,
    },
    'membership nightly scan',
  );
};
