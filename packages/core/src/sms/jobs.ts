import { UnrecoverableError } from 'bullmq';
import type { JobHandler } from '../queues/handlers.ts';
import { deliverSmsBatch } from './deliver-batch.ts';
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
 * Sends a batch of one store's queued messages (see deliverSmsBatch): a failure of the
 * provider is recorded per message, with its retry as a delayed job of its own; what
 * throws here (the database) is retried by the queue, and a rerun sends nothing twice.
 */
export const smsSendBatchJob: JobHandler<'sms.sendBatch'> = async ({ db, tenantId, log }, payload) => {
  const result = await deliverSmsBatch({
    db,
    tenantId,
    storeId: payload.storeId,
    messageIds: payload.messageIds,
  });
  log.debug(result, 'sms batch delivery');
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
