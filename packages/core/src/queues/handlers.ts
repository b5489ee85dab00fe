import { recordAudit } from '../audit/record.ts';
import { callbackStatisticsNightlyJob, callbackWindowJob } from '../callbacks/jobs.ts';
import { complaintClockJob } from '../complaints/jobs.ts';
import type { Database } from '../db/database.ts';
import { importRunJob, importsNightlyJob } from '../imports/jobs.ts';
import type { Logger } from '../logger.ts';
import { lostCustomersNightlyJob } from '../lost-customers/jobs.ts';
import { membershipNightlyJob } from '../membership/jobs.ts';
import { qualityNightlyJob } from '../quality/jobs.ts';
import { smsReminderScanJob, smsSendBatchJob, smsSendJob } from '../sms/jobs.ts';
import type { QueueBackend } from './backend.ts';
import type { JobName, JobPayloads } from './jobs.ts';
import { nightlyStoreJob, nightlySyncStoreJob } from './nightly-jobs.ts';
import { runOnce } from './run-once.ts';

export interface JobContext {
  db: Database;
  tenantId: string;
  /** The BullMQ job id: the outbox id for relayed jobs. */
  jobId: string;
  log: Logger;
  /** The worker's queues (absent when a handler is called outside a worker): for jobs that manage schedulers. */
  backend?: QueueBackend;
  /** This run is the job's last attempt: an error now fails it for good (a handler may record why). */
  finalAttempt?: boolean;
}

export type JobHandler<N extends JobName> = (ctx: JobContext, payload: JobPayloads[N]) => Promise<void>;
export type JobHandlers = { [N in JobName]: JobHandler<N> };

/** The handler of every job; each area adds its own here as it lands. */
export const jobHandlers: JobHandlers = {
  'imports.run': importRunJob,
  'imports.nightly': importsNightlyJob,
  'callbacks.window': callbackWindowJob,
  'callbacks.statisticsNightly': callbackStatisticsNightlyJob,
  'complaints.clock': complaintClockJob,
  'membership.nightly': membershipNightlyJob,
  'sms.send': smsSendJob,
  'sms.sendBatch': smsSendBatchJob,
  'sms.reminderScan': smsReminderScanJob,
  'nightly.store': nightlyStoreJob,
  'lostCustomers.nightly': lostCustomersNightlyJob,
  'quality.nightly': qualityNightlyJob,
  'nightly.syncStore': nightlySyncStoreJob,
  'system.probe': async ({ db, tenantId, jobId }, { note }) => {
    await runOnce(db, tenantId, jobId, (tx) =>
      recordAudit(
        tx,
        { kind: 'system', tenantId, job: 'system.probe' },
        {
          action: 'system.probe',
          entity: 'job',
          entityId: jobId,
          details: { note },
        },
      ),
    );
  },
};
