import { z } from 'zod';

/**
 * Every job the workers run: its payload schema and the queue it goes to. A job's
 * payload is parsed with its schema before the handler sees it; a payload that does
 * not parse fails for good (it would fail the same way on every retry).
 */
export const jobs = {
  /** The pipeline's self-check: outbox → relay → queue → worker → database, end to end. */
  'system.probe': { queue: 'system', payload: z.object({ note: z.string().max(200) }) },
  /** The membership club's nightly scan of one store; `at` pins the clock (replays, tests). */
  'membership.nightly': {
    queue: 'membership',
    payload: z.object({ storeId: z.uuid(), at: z.iso.datetime({ offset: true }).optional() }),
  },
  /** One escalation step of a complaint's clock (dispatch / plan / answer), delayed until it is due. */
  'complaints.clock': {
    queue: 'complaints',
    payload: z.object({ clockId: z.uuid(), step: z.number().int().min(0).max(3) }),
  },
  /** Sends one message of the SMS send log (the outbox row's id is the job id). */
  'sms.send': { queue: 'sms', payload: z.object({ messageId: z.uuid() }) },
  /** Sends queued messages of one store in chunks (campaigns, deferrals, retries); see sms/deliver-batch.ts. */
  'sms.sendBatch': {
    queue: 'sms',
    payload: z.object({ storeId: z.uuid(), messageIds: z.array(z.uuid()).min(1).max(500) }),
  },
  /** A store's daily reminder scan: due reminders become queued messages; `at` pins the clock. */
  'sms.reminderScan': {
    queue: 'sms',
    payload: z.object({ storeId: z.uuid(), at: z.iso.datetime({ offset: true }).optional() }),
  },
  /** Imports an uploaded file from its checkpoint; a slice of batches per run, then it queues its continuation. */
  'imports.run': { queue: 'imports', payload: z.object({ importId: z.uuid() }) },
  /** A store's imports at night: those whose job is gone queued again or failed with a reason; unneeded files removed. */
  'imports.nightly': {
    queue: 'imports',
    payload: z.object({ storeId: z.uuid(), at: z.iso.datetime({ offset: true }).optional() }),
  },
  /** A callback task's window opens (scheduled → due, assigned in turn) or closes (no contact → failed). */
  'callbacks.window': {
    queue: 'callbacks',
    payload: z.object({ taskId: z.uuid(), edge: z.enum(['open', 'close']) }),
  },
  /** A store's nightly scheduler firing: starts the store's nightly work once per local date. */
  'nightly.store': { queue: 'nightly', payload: z.object({ storeId: z.uuid() }) },
  /** A store's nightly lost-customer pass (流失客户): `lost` decided again by the classification rules. */
  'lostCustomers.nightly': {
    queue: 'nightly',
    payload: z.object({ storeId: z.uuid(), at: z.iso.datetime({ offset: true }).optional() }),
  },
  /** A store's quality night: month close (improvement-meeting pack), effect figures, overdue items; `at` pins the clock. */
  'quality.nightly': {
    queue: 'nightly',
    payload: z.object({ storeId: z.uuid(), at: z.iso.datetime({ offset: true }).optional() }),
  },
  /** A store's night for the satisfaction statistics: its stale months of the roll-up computed ahead of the first read. */
  'callbacks.statisticsNightly': {
    queue: 'nightly',
    payload: z.object({ storeId: z.uuid(), at: z.iso.datetime({ offset: true }).optional() }),
  },
  /** After a store command: creates, moves or removes the store's nightly scheduler. */
  'nightly.syncStore': { queue: 'nightly', payload: z.object({ storeId: z.uuid() }) },
} as const;

export type JobName = keyof typeof jobs;
export type JobPayloads = { [N in JobName]: z.infer<(typeof jobs)[N]['payload']> };
export type QueueName = (typeof jobs)[JobName]['queue'];

export const queueNames = [...new Set(Object.values(jobs).map((j) => j.queue))] as QueueName[];

export const queueOf = (name: JobName): QueueName => jobs[name].queue;

export const isJobName = (name: string): name is JobName => Object.hasOwn(jobs, name);

/** What the relay puts on the queue: the outbox row's tenant and the payload. */
export const JobEnvelope = z.object({ tenantId: z.uuid(), payload: z.unknown() });
export type JobEnvelope = z.infer<typeof JobEnvelope>;
