import { UnrecoverableError } from 'bullmq';
import type { JobHandler } from '../queues/handlers.ts';
import { deliverSms } from './deliver-sms.ts';
import { runReminderScan } from './reminder-scan.ts';

/**
 * Sends one message of the send log. A transient provider failure throws, so the queue
 * retries it with backoff; a final failure is recorded on the message and ends the job as
 * failed without another try.
 */
export const smsSendJob: JobHandler<'sms.send'> = async ({ db, tenantId, log }, { messageId }) => {
  const result = await deliverSms({ db, tenantId, messageId });
  log.debug({ messageId, outcome: result.outcome }, 'sms delivery');
  if (result.outcome === 'retry') throw new Error(result.reason);
  if (result.outcome === 'failed') throw new UnrecoverableError(result.reason);
};

/** The store's daily reminder run: due reminders become queued messages. */
export const smsReminderScanJob: JobHandler<'sms.reminderScan'> = async ({ db, tenantId, log }, payload) => {
  const result = await runReminderScan({
    db,
    tenantId,
    storeId: payload.storeId,
    now: payload.at ? new Date(payload.at) : new Date(),
  });
  log.info(result, 'sms reminder scan');
};
