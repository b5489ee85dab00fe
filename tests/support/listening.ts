import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Requester, TestApi } from './api.ts';

/**
 * The test API behind a real socket on loopback, as the web server reaches it: for what
 * depends on the peer's address (the sign-in throttle and TRUSTED_PROXIES). Pass `app` to
 * a Client.
 */
export async function listening(api: TestApi): Promise<{ app: Requester; close(): Promise<void> }> {
  const server = serve({ fetch: api.app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    app: { request: (path, init) => fetch(`${base}${path}`, init) },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
