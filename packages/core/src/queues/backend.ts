import { createPostgresBackend, type Job, type Processor, Queue, Worker, withBackend } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUE_SCHEMA } from '../db/migrate.ts';

export type QueueBackendKind = 'redis' | 'postgres';

export interface QueueBackendOptions {
  /** BullMQ on Redis when given; otherwise BullMQ's PostgreSQL backend on `databaseUrl`. */
  redisUrl?: string;
  databaseUrl: string;
  /** Key prefix (Redis) — lets test runs and deployments share a server. */
  prefix: string;
  /** Workers' job lock and stalled-job check interval, in ms (BullMQ's default 30 s). */
  lockMs?: number;
}

export interface WorkerOptions {
  concurrency?: number;
}

/** One place that knows how BullMQ is wired to its store; the rest of the code sees Queue and Worker. */
export interface QueueBackend {
  readonly kind: QueueBackendKind;
  queue(name: string): Queue;
  worker(name: string, processor: Processor, options?: WorkerOptions): Worker;
  /** True when the store answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

// Kept so a relay that publishes twice finds the first job and BullMQ drops the second.
const jobRetention = {
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};
export const defaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  ...jobRetention,
};

export function createQueueBackend(options: QueueBackendOptions): QueueBackend {
  return options.redisUrl
    ? redisBackend(options.redisUrl, options.prefix, lockOptions(options.lockMs))
    : postgresBackend(options.databaseUrl, options.prefix, lockOptions(options.lockMs));
}

const lockOptions = (lockMs = 30_000) => ({ lockDuration: lockMs, stalledInterval: lockMs });

function redisBackend(url: string, prefix: string, lock: ReturnType<typeof lockOptions>): QueueBackend {
  const connection = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
  const queues = new Map<string, Queue>();
  const workers: Worker[] = [];
  return {
    kind: 'redis',
    queue(name) {
      let q = queues.get(name);
      if (!q) {
        q = new Queue(name, { connection, prefix, defaultJobOptions });
        queues.set(name, q);
      }
      return q;
    },
    worker(name, processor, { concurrency = 4 } = {}) {
      const w = new Worker(name, processor, {
        connection: new Redis(url, { maxRetriesPerRequest: null }),
        prefix,
        concurrency,
        ...lock,
      });
      workers.push(w);
      return w;
    },
    ping: async () => (await connection.ping().catch(() => '')) === 'PONG',
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([...queues.values()].map((q) => q.close()));
      connection.disconnect();
    },
  };
}

function postgresBackend(
  databaseUrl: string,
  prefix: string,
  lock: ReturnType<typeof lockOptions>,
): QueueBackend {
  const pg = withBackend(createPostgresBackend);
  // Migrations ran with ours (db/migrate.ts), as the owner: the app role may not create schemas.
  const connection = () => ({ connectionString: databaseUrl, schema: QUEUE_SCHEMA, migrate: false, max: 4 });
  const queues = new Map<string, Queue>();
  const workers: Worker[] = [];
  return {
    kind: 'postgres',
    queue(name) {
      let q = queues.get(name);
      if (!q) {
        q = new pg.Queue(name, { connection: connection(), prefix, defaultJobOptions }) as unknown as Queue;
        queues.set(name, q);
      }
      return q;
    },
    worker(name, processor, { concurrency = 4 } = {}) {
      const w = new pg.Worker(name, processor as Processor<unknown>, {
        connection: connection(),
        prefix,
        concurrency,
        ...lock,
      }) as unknown as Worker;
      workers.push(w);
      return w;
    },
    async ping() {
      const q = this.queue('system');
      return q.getJobCounts('waiting').then(
        () => true,
        () => false,
      );
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}

export type { Job };
