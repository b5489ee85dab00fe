import { type Job, UnrecoverableError, type Worker } from 'bullmq';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { QueueBackend } from './backend.ts';
import { type JobContext, type JobHandlers, jobHandlers } from './handlers.ts';
import { isJobName, JobEnvelope, jobs, queueNames } from './jobs.ts';

export interface StartWorkersOptions {
  db: Database;
  backend: QueueBackend;
  log: Logger;
  handlers?: JobHandlers;
  concurrency?: number;
}

/** One BullMQ worker per queue, each dispatching by job name to its typed handler. */
export function startWorkers({
  db,
  backend,
  log,
  handlers = jobHandlers,
  concurrency,
}: StartWorkersOptions): Worker[] {
  return queueNames.map((queue) => {
    const worker = backend.worker(
      queue,
      async (job: Job) => {
        const name = job.name;
        if (!isJobName(name)) throw new UnrecoverableError(`unknown job ${name}`);
        const envelope = JobEnvelope.safeParse(job.data);
        const payload = envelope.success ? jobs[name].payload.safeParse(envelope.data.payload) : null;
        if (!envelope.success || !payload?.success)
          throw new UnrecoverableError(`malformed payload for ${name}`);
        const jobLog = log.child({ job: name, jobId: job.id });
        // The payload was parsed with this job's own schema just above.
        const handler = handlers[name] as (ctx: JobContext, p: unknown) => Promise<void>;
        await handler(
          {
            db,
            tenantId: envelope.data.tenantId,
            jobId: String(job.id),
            log: jobLog,
            backend,
            finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
          },
          payload.data,
        );
        jobLog.debug('done');
      },
      concurrency ? { concurrency } : {},
    );
    worker.on('failed', (job, error) =>
      log.warn({ job: job?.name, jobId: job?.id, err: error.message }, 'job failed'),
    );
    return worker;
  });
}
