#!/usr/bin/env node
// `npm run demo`: the whole product on this machine. Installs dependencies if missing;
// without DATABASE_URL starts embedded Postgres (data kept in .data/pg); without REDIS_URL
// the queues run on BullMQ's Postgres backend; migrates; syncs tenants-config; builds the
// web app if needed; starts API, worker and web; prints where to go and who to log in as.
// Ctrl-C (or SIGTERM) stops the web, API and worker, then Postgres.
import { fork } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureInstalled, root } from './lib/install.mjs';
import { freePort, startService, stopService, waitForUrl } from './lib/services.mjs';
import { ensureWebBuilt, webEntry } from './lib/web-build.mjs';

const { env: given } = process;
const services = [];
let database = null;
let stopping = false;

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  // The app first (it still talks to the database while it shuts down), then the database.
  for (const service of [...services].reverse()) await stopService(service);
  if (database) await stopService(database, { timeoutMs: 15_000 });
  console.log('Stopped.');
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

try {
  await main();
} catch (error) {
  console.error(`\nThe demo could not start: ${error instanceof Error ? error.message : error}`);
  await shutdown(1);
}

async function main() {
  ensureInstalled();
  ensureWebBuilt();
  if (stopping) return;

  const databaseUrl = given.DATABASE_URL ?? (await startEmbeddedPostgres());
  const env = { DATABASE_URL: databaseUrl, NODE_ENV: given.NODE_ENV ?? 'development' };
  await runToEnd('migrate', [join(root, 'packages/core/src/db/migrate-cli.ts')], env);
  await runToEnd('tenants', [join(root, 'tenants-config/cli.ts'), 'sync'], env);

  const apiPort = given.API_PORT ? Number(given.API_PORT) : await freePort(3001);
  const webPort = given.WEB_PORT ? Number(given.WEB_PORT) : await freePort(3000);
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const webUrl = `http://127.0.0.1:${webPort}`;
  // Both listen on loopback unless told otherwise; the API believes X-Forwarded-For only
  // from the web server beside it.
  const appEnv = {
    ...env,
    API_PORT: String(apiPort),
    API_HOST: given.API_HOST ?? '127.0.0.1',
    TRUSTED_PROXIES: given.TRUSTED_PROXIES ?? '127.0.0.1,::1',
  };

  const api = startChild('api', ['--import', 'tsx', join(root, 'apps/api/src/server.ts')], appEnv);
  const worker = startChild('worker', ['--import', 'tsx', join(root, 'apps/api/src/worker.ts')], appEnv);
  const web = startChild('web', [webEntry], {
    ORIGIN: webUrl,
    API_URL: apiUrl,
    PORT: String(webPort),
    HOST: given.HOST ?? '127.0.0.1',
    // Import uploads pass through the web server: as large as the API's upload cap (50 MiB).
    BODY_SIZE_LIMIT: given.BODY_SIZE_LIMIT ?? '52428800',
  });
  for (const service of [api, worker, web]) {
    service.exited.then((result) => {
      if (stopping) return;
      console.error(`\n${service.name} exited (${result}); stopping the demo.`);
      shutdown(1);
    });
  }
  await waitForUrl(`${apiUrl}/readyz`, api);
  await waitForUrl(`${webUrl}/login`, web);
  if (!stopping) printWelcome({ webUrl, apiUrl, embedded: !given.DATABASE_URL });
}

/** Starts one of the app's processes in its own process group, so only we stop it, in order. */
function startChild(name, args, env) {
  const preload = pathToFileURL(join(root, 'scripts/lib/exit-with-parent.mjs')).href;
  const service = startService({
    name,
    command: process.execPath,
    args: ['--import', preload, ...args],
    env,
    cwd: root,
    detached: true,
  });
  services.push(service);
  return service;
}

/** Runs a short TypeScript command (migrate, sync) and fails the demo if it fails. */
async function runToEnd(name, args, env) {
  const service = startService({
    name,
    command: process.execPath,
    args: ['--import', 'tsx', ...args],
    env,
    cwd: root,
  });
  const result = await service.exited;
  if (result !== 0 && !stopping) throw new Error(`${name} failed (${result})`);
}

/** Embedded Postgres with its data in .data/pg (kept between runs), in a process of its own. */
async function startEmbeddedPostgres() {
  const dataDir = join(root, '.data', 'pg');
  mkdirSync(join(root, '.data'), { recursive: true });
  const port = given.DEMO_PG_PORT ? Number(given.DEMO_PG_PORT) : await freePort(54329);
  const user = 'postgres';
  const password = 'crm-demo';
  const runner = fork(
    join(root, 'scripts/lib/embedded-postgres.mjs'),
    [JSON.stringify({ dataDir, port, user, password })],
    { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
  database = wrapForked('postgres', runner);
  const ready = await new Promise((resolve) => {
    runner.once('message', resolve);
    runner.once('exit', () => resolve({ ready: false, message: database.recent.join('\n') }));
  });
  if (!ready.ready) throw new Error(`embedded Postgres did not start: ${ready.message ?? ''}`);
  console.log(`Embedded Postgres on 127.0.0.1:${port}, data in .data/pg`);
  await ensureDatabase({ port, user, password, name: 'crm' });
  return `postgres://${user}:${password}@127.0.0.1:${port}/crm`;
}

/** A forked process seen through the same shape as startService's, with its output prefixed. */
function wrapForked(name, child) {
  const recent = [];
  const label = process.stdout.isTTY ? `\x1b[90m[${name}]\x1b[0m` : `[${name}]`;
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        recent.push(line);
        if (recent.length > 40) recent.shift();
        console.log(`${label} ${line}`);
      }
    });
  }
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  return { name, child, exited, recent, running: () => child.exitCode === null && child.signalCode === null };
}

/** Creates the demo's database on the embedded server the first time. */
async function ensureDatabase({ port, user, password, name }) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ host: '127.0.0.1', port, user, password, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
}

function printWelcome({ webUrl, apiUrl, embedded }) {
  const config = (path) => JSON.parse(readFileSync(join(root, 'tenants-config', path), 'utf8'));
  const platform = config('platform.json');
  const group = config('groups/xinbao/group.json');
  const store = config('groups/xinbao/stores/BJ-BENZ/store.json');
  const role = (r, store) => `${r.position ?? r.role}${(r.store ?? store) ? ` @ ${r.store ?? store}` : ''}`;
  const login = (store) => (u) =>
    `  ${u.email.padEnd(30)} ${u.name}（${u.roles.map((r) => role(r, store)).join(', ')}）`;
  console.log(`
────────────────────────────────────────────────────────────────────────
 The CRM demo is running: database ${embedded ? 'embedded Postgres (.data/pg)' : 'DATABASE_URL'}, queues on ${given.REDIS_URL ? 'Redis (REDIS_URL)' : "BullMQ's Postgres backend"}.

  Web app           ${webUrl}
  API reference     ${apiUrl}/docs
  Queue dashboard   ${apiUrl}/admin/queues   (platform admin; log in with POST /v1/auth/login in /docs first)

 Logins (password for all: ${group.initialPassword}); the other stores' people are in tenants-config/:
${[...group.users.map(login(null)), ...store.users.map(login(store.code)), ...platform.users.map(login(null))].join('\n')}

 Ctrl-C stops everything.
────────────────────────────────────────────────────────────────────────
`);
}
