import { UnrecoverableError } from 'bullmq';
import type { JobHandler } from '../queues/handlers.ts';
import { deliverSms } from './deliver-sms.ts';
import { evaluateReminderRules } from './evaluate-reminder-rules.ts';
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

/**
 * The store's daily reminder run: the reminders ingestion scheduled that are due, then the
 * calendar reminders the rules decide over the store's cars; both become queued messages.
 */
export const smsReminderScanJob: JobHandler<'sms.reminderScan'> = async ({ db, tenantId, log }, payload) => {
  const now = payload.at ? new Date(payload.at) : new Date();
  const scheduled = await runReminderScan({ db, tenantId, storeId: payload.storeId, now });
  log.info(scheduled, 'sms reminder scan');
  const calendar = await evaluateReminderRules({ db, tenantId, storeId: payload.storeId, now });
  log.info(calendar, 'sms calendar reminders');
};
