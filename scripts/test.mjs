#!/usr/bin/env node
// `npm test [-- <vitest args>]`: installs if missing, makes sure Debian's Chromium is there
// for the browser tests, then typecheck (turbo), lint (biome), the generated API client's
// freshness (api:check) and every vitest project (unit, integration, browser). All steps
// run; the exit code is non-zero if any failed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureInstalled, root } from './lib/install.mjs';

const chromium = '/usr/bin/chromium';

ensureInstalled();
ensureChromium();
const bin = (name) => join(root, 'node_modules', '.bin', name);
const results = [
  step('typecheck', bin('turbo'), ['run', 'typecheck']),
  step('lint', bin('biome'), ['check', '.']),
  step('api client', bin('tsx'), ['scripts/api-client.ts', 'check']),
  step('vitest', bin('vitest'), ['run', ...process.argv.slice(2)]),
];
console.log(`\n${results.map(({ name, ok }) => `${ok ? '✓' : '✗'} ${name}`).join('\n')}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);

function step(name, command, args) {
  console.log(`\n▶ ${name}: ${[command.replace(`${root}/`, ''), ...args].join(' ')}`);
  const run = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  return { name, ok: run.status === 0 };
}

/** Installs Debian's chromium with apt-get when it is missing (through sudo unless we are root). */
function ensureChromium() {
  if (existsSync(chromium)) return;
  console.log(`${chromium} is missing; installing Debian's chromium for the browser tests…`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', 'DEBIAN_FRONTEND=noninteractive'];
  const apt = (...args) => {
    const [command, ...rest] = [...sudo, 'apt-get', ...args];
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    return spawnSync(command, rest, { stdio: 'inherit', env }).status === 0;
  };
  // A fresh machine may have no package lists yet: update once and retry.
  if (!apt('install', '-y', 'chromium') && !(apt('update') && apt('install', '-y', 'chromium'))) {
    console.error('Could not install chromium; the browser tests will fail.');
  }
}
