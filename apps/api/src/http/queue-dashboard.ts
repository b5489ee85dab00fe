import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { assertCan, type QueueBackend, queueNames } from '@crm/core';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { actorOf } from './auth.ts';
import type { AppEnv } from './env.ts';

/** bull-board over every queue, for platform operators only. */
export function queueDashboard(backend: QueueBackend, basePath: string) {
  const adapter = new HonoAdapter(serveStatic).setBasePath(basePath);
  createBullBoard({
    queues: queueNames.map((q) => new BullMQAdapter(backend.queue(q), { readOnlyMode: false })),
    serverAdapter: adapter,
  });
  const guarded = new Hono<AppEnv>();
  guarded.use('*', async (c, next) => {
    assertCan(actorOf(c), 'queues.view');
    await next();
  });
  guarded.route('/', adapter.registerPlugin());
  return guarded;
}
