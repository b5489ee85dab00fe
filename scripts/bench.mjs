#!/usr/bin/env node
// `npm run bench -- <name> [--quick]`: runs the benchmark file named <name>.bench.ts found
// under packages/*/bench, apps/*/bench or tests/bench. With no name, lists them.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureInstalled, root } from './lib/install.mjs';

ensureInstalled();
const dirs = ['packages', 'apps']
  .flatMap((top) => readdirSync(join(root, top)).map((d) => join(root, top, d, 'bench')))
  .concat(join(root, 'tests', 'bench'))
  .filter((d) => existsSync(d));
const benches = new Map(
  dirs.flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.bench.ts'))
      .map((f) => [f.replace(/\.bench\.ts$/, ''), join(d, f)]),
  ),
);
const [name, ...rest] = process.argv.slice(2);
if (!name || !benches.has(name)) {
  console.log(
    `usage: npm run bench -- <name> [--quick]\nbenchmarks: ${[...benches.keys()].sort().join(', ') || '(none)'}`,
  );
  process.exit(name ? 2 : 0);
}
const run = spawnSync(join(root, 'node_modules/.bin/tsx'), [benches.get(name), ...rest], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(run.status ?? 1);
