import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase, loadConfig } from '@crm/core';
import type { TestProject } from 'vitest/node';
import {
  freePort,
  type Service,
  startService,
  stopService,
  waitForUrl,
} from '../../scripts/lib/services.mjs';
import { ensureWebBuilt, webEntry } from '../../scripts/lib/web-build.mjs';
import { configRoot, loadTenantsConfig, syncTenantsConfig } from '../../tenants-config/src/index.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built web app, served against a real API on the run's own database. */
    webUrl: string;
    /** The API behind it, for tests that seed data the way a DMS would (a store API token). */
    apiUrl: string;
    /** The demo group's HQ admin, from tenants-config. */
    hqLogin: string;
    hqPassword: string;
    /** The run's database (owner URL), for setup that must pin a clock (a month close). */
    databaseUrl: string;
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Browser project: a fresh database holding tenants-config's demo data, the real API and
 * the built web app on free ports; all of it stopped and dropped after the run.
 */
export default async function setup(project: TestProject) {
  const services: Service[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  let db: TestDatabase | undefined;
  const teardown = async () => {
    for (const service of services.reverse()) await stopService(service);
    for (const cleanup of cleanups) await cleanup();
    await db?.drop();
  };
  try {
    ensureWebBuilt();
    db = await createTestDatabase('web');
    const hq = await syncDemoGroup(db.databaseUrl);

    // One directory for uploaded import files, shared by the API (which stores them) and
    // the worker (which reads them); removed with the rest at teardown.
    const importDir = await mkdtemp(join(tmpdir(), 'crm-browser-imports-'));
    cleanups.push(() => rm(importDir, { recursive: true, force: true }));

    const apiPort = await freePort();
    const api = startService({
      name: 'api',
      command: process.execPath,
      args: ['--import', 'tsx', 'apps/api/src/server.ts'],
      cwd: root,
      quiet: true,
      env: {
        NODE_ENV: 'test',
        DATABASE_URL: db.databaseUrl,
        REDIS_URL: db.redisUrl,
        QUEUE_PREFIX: db.queuePrefix,
        API_PORT: String(apiPort),
        TRUSTED_PROXIES: '127.0.0.1,::1',
        LOG_LEVEL: 'warn',
        IMPORT_DIR: importDir,
      },
    });
    services.push(api);
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    await waitForUrl(`${apiUrl}/readyz`, api);

    // The worker (outbox relay and queue handlers), so what is queued runs: a file import's
    // progress reaches 100 % only when its job does. Small batches, so progress moves in steps.
    const worker = startService({
      name: 'worker',
      command: process.execPath,
      args: ['--import', 'tsx', 'apps/api/src/worker.ts'],
      cwd: root,
      quiet: true,
      env: {
        NODE_ENV: 'test',
        DATABASE_URL: db.databaseUrl,
        REDIS_URL: db.redisUrl,
        QUEUE_PREFIX: db.queuePrefix,
        LOG_LEVEL: 'warn',
        IMPORT_DIR: importDir,
        IMPORT_BATCH_ROWS: '20',
      },
    });
    services.push(worker);

    const webPort = await freePort();
    const webUrl = `http://127.0.0.1:${webPort}`;
    const web = startService({
      name: 'web',
      command: process.execPath,
      args: [webEntry],
      cwd: root,
      quiet: true,
      env: { ORIGIN: webUrl, API_URL: apiUrl, PORT: String(webPort), HOST: '127.0.0.1' },
    });
    services.push(web);
    await waitForUrl(`${webUrl}/login`, web);

    project.provide('webUrl', webUrl);
    project.provide('apiUrl', apiUrl);
    project.provide('hqLogin', hq.login);
    project.provide('hqPassword', hq.password);
    project.provide('databaseUrl', db.databaseUrl);
    return teardown;
  } catch (error) {
    await teardown();
    throw error;
  }
}

/** Syncs tenants-config into the database and returns the demo group's HQ admin login. */
async function syncDemoGroup(databaseUrl: string): Promise<{ login: string; password: string }> {
  const loaded = await loadTenantsConfig({ root: configRoot });
  if (!loaded.ok) throw new Error(`tenants-config is invalid: ${JSON.stringify(loaded.problems)}`);
  const group = loaded.config.groups[0];
  const hq = group?.group.users.find((u) => u.roles.some((r) => r.role === 'hq_admin'));
  if (!group || !hq) throw new Error('tenants-config has no group with an HQ admin');
  const database = createDatabase({ url: loadConfig({ DATABASE_URL: databaseUrl }).databaseAppUrl, max: 2 });
  try {
    await syncTenantsConfig({ db: database, config: loaded.config });
  } finally {
    await database.close();
  }
  return { login: hq.email, password: hq.initialPassword ?? group.group.initialPassword };
}
