import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { createDeps, onShutdown } from './runtime.ts';

const deps = createDeps('api');
const server = serve(
  { fetch: createApp(deps).fetch, port: deps.config.API_PORT, hostname: deps.config.API_HOST },
  (info) => deps.log.info({ port: info.port, queueBackend: deps.backend.kind }, 'API listening'),
);

onShutdown(deps.log, async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await deps.backend.close();
  await deps.db.close();
});
