// Builds the web app when its build is missing or older than any of its sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './install.mjs';

const web = join(root, 'apps', 'web');
const builtEntry = join(web, 'build', 'index.js');
const sources = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json', 'tsconfig.json'];

/** The newest modification time under `path` (a file or a folder), in ms. */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), 0);
}

/** True when `apps/web/build` is missing or a source changed after it was built. */
export function webBuildIsStale() {
  if (!existsSync(builtEntry)) return true;
  const built = statSync(builtEntry).mtimeMs;
  return sources.some((s) => newestMtime(join(web, s)) > built);
}

/** The command that serves the build, and where it is. */
export const webEntry = builtEntry;

/** Runs `npm run build -w @crm/web` if needed; throws if the build fails. */
export function ensureWebBuilt({ log = console.log } = {}) {
  if (!webBuildIsStale()) return false;
  log('Building the web app (npm run build -w @crm/web)…');
  // Quiet when it works; the whole output when it does not.
  const run = spawnSync('npm', ['run', 'build', '-w', '@crm/web'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) {
    process.stderr.write(`${run.stdout}${run.stderr}`);
    throw new Error(`web build failed (exit ${run.status ?? run.signal})`);
  }
  return true;
}
