import { reconcileNightlySchedules, startRelay, startWorkers } from '@crm/core';
import { createDeps, onShutdown } from './runtime.ts';

// The worker process: the outbox relay plus one BullMQ worker per queue. Separate from the
// HTTP server so each scales and restarts on its own.
const deps = createDeps('worker');
const workers = startWorkers({ db: deps.db, backend: deps.backend, log: deps.log });
const relay = startRelay({ db: deps.db, backend: deps.backend, log: deps.log });
deps.log.info({ queues: workers.map((w) => w.name), queueBackend: deps.backend.kind }, 'worker started');
// Each active store's nightly scheduler, in step with the stores (store commands keep it so
// afterwards), and today's night for a store whose time passed while no worker ran.
reconcileNightlySchedules({ db: deps.db, backend: deps.backend, catchUpAt: new Date() }).then(
  (result) => deps.log.info(result, 'nightly schedules reconciled'),
  (error: unknown) => deps.log.error({ err: error }, 'nightly schedules not reconciled'),
);

onShutdown(deps.log, async () => {
  // Stop taking work, let running jobs finish, then close connections.
  await relay.stop();
  await Promise.all(workers.map((w) => w.close()));
  await deps.backend.close();
  await deps.db.close();
});
