import { type Config, createDatabase, createLogger, createQueueBackend, loadConfig } from '@crm/core';
import type { Deps } from './http/env.ts';

/** Builds what both entries (server, worker) share from the environment. */
export function createDeps(name: string, config: Config = loadConfig()): Deps {
  const log = createLogger({ name, level: config.LOG_LEVEL });
  const db = createDatabase({ url: config.databaseAppUrl });
  const backend = createQueueBackend({
    redisUrl: config.REDIS_URL,
    databaseUrl: config.databaseAppUrl,
    prefix: config.QUEUE_PREFIX,
    lockMs: config.QUEUE_LOCK_MS,
  });
  return { config, log, db, backend };
}

/** Runs `stop` once on SIGINT/SIGTERM, then exits; a second signal exits at once. */
export function onShutdown(log: Deps['log'], stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
