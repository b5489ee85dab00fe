import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createDatabase, enqueue } from '@crm/core';
import { isolatedDatabase, seedGroup, seedPlatform } from '@crm/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, testApi } from '../support/api.ts';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

function start(
  entry: string,
  env: Record<string, string | undefined>,
): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(tsx, [join(root, 'apps/api/src', entry)], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  return { child, output: () => output };
}

async function until(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Sends SIGTERM and resolves with the exit code; fails if the process lingers. */
async function stop(child: ChildProcess): Promise<number | null> {
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error('did not exit')), 15_000),
  );
  const [code] = (await Promise.race([exited, timeout])) as [number | null];
  return code;
}

describe.each([
  ['redis', true],
  ['postgres', false],
])('the worker and API processes on the %s queue backend', (_kind, redis) => {
  it('the worker relays a committed job, runs it, and exits cleanly on SIGTERM', async () => {
    const iso = await isolatedDatabase({ redis });
    const db = createDatabase({ url: iso.config.databaseAppUrl, max: 2 });
    try {
      const group = await seedGroup(db, { stores: 1 });
      await db.withTenant(group.tenantId, (tx) =>
        enqueue(tx, group.tenantId, 'system.probe', { note: 'process' }),
      );
      const worker = start('worker.ts', {
        DATABASE_URL: iso.config.DATABASE_URL,
        REDIS_URL: iso.config.REDIS_URL,
        QUEUE_PREFIX: iso.config.QUEUE_PREFIX,
        LOG_LEVEL: 'info',
      });
      try {
        await until(async () => {
          const [row] =
            await iso.owner`select count(*)::int as n from audit_log where action = 'system.probe'`;
          return row?.n === 1;
        });
      } catch (error) {
        worker.child.kill('SIGKILL');
        throw new Error(`${error}: ${worker.output()}`);
      }
      expect(await stop(worker.child)).toBe(0);
      expect(worker.output()).toMatch(/shutting down/);
      // The probe's outbox row was relayed (the worker's own nightly catch-up may have queued more since).
      const [sent] =
        await iso.owner`select count(*)::int as n from outbox where name = 'system.probe' and sent_at is null`;
      expect(sent?.n).toBe(0);
    } finally {
      await db.close();
      await iso.drop();
    }
  });

  it('the API answers /readyz over HTTP and exits cleanly on SIGTERM', async () => {
    const iso = await isolatedDatabase({ redis });
    try {
      const port = await freePort();
      const server = start('server.ts', {
        DATABASE_URL: iso.config.DATABASE_URL,
        REDIS_URL: iso.config.REDIS_URL,
        QUEUE_PREFIX: iso.config.QUEUE_PREFIX,
        API_PORT: String(port),
        LOG_LEVEL: 'info',
      });
      let ready: unknown;
      try {
        await until(async () => {
          const res = await fetch(`http://127.0.0.1:${port}/readyz`);
          ready = await res.json();
          return res.status === 200;
        });
      } catch (error) {
        server.child.kill('SIGKILL');
        throw new Error(`${error}: ${JSON.stringify(ready)} ${server.output()}`);
      }
      expect(ready).toMatchObject({ status: 'ok', queueBackend: redis ? 'redis' : 'postgres' });
      const res = await fetch(`http://127.0.0.1:${port}/v1/auth/me`);
      expect(res.status).toBe(401);
      expect(res.headers.get('x-request-id')).toBeTruthy();
      expect(await stop(server.child)).toBe(0);
    } finally {
      await iso.drop();
    }
  });
});

describe('the queue dashboard', () => {
  const api = testApi();
  afterAll(() => api.close());

  it('is for platform operators only', async () => {
    expect((await new Client(api.app).request('GET', '/admin/queues')).status).toBe(401);
    const group = await seedGroup(api.deps.db, { stores: 1 });
    const hq = new Client(api.app);
    await hq.login(group.users.hq_admin.email, group.users.hq_admin.password);
    expect((await hq.request('GET', '/admin/queues')).status).toBe(403);
    const platform = await seedPlatform(api.deps.db);
    const operator = new Client(api.app);
    await operator.login(platform.admin.email, platform.admin.password);
    const page = await operator.request('GET', '/admin/queues');
    expect(page.status).toBe(200);
    expect(String(page.body)).toMatch(/<html/i);
    const queues = await operator.request('GET', '/admin/queues/api/queues');
    expect(queues.status).toBe(200);
    expect(queues.body.queues.map((q: { name: string }) => q.name)).toContain('system');
  });
});
