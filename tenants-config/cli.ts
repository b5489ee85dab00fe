// `npm run tenants:check` validates every file; `npm run tenants:sync` also writes them to
// DATABASE_URL's database (migrated first). `--root <dir>` reads another layout.
import { createDatabase, loadConfig } from '@crm/core';
import {
  configRoot,
  formatProblem,
  loadTenantsConfig,
  type SyncSummary,
  syncTenantsConfig,
} from './src/index.ts';

const [command, ...args] = process.argv.slice(2);
const rootFlag = args.indexOf('--root');
const root = rootFlag >= 0 ? (args[rootFlag + 1] ?? '') : configRoot;

if (command !== 'check' && command !== 'sync') {
  console.error('usage: tsx tenants-config/cli.ts check|sync [--root <dir>]');
  process.exit(2);
}

const loaded = await loadTenantsConfig({ root });
if (!loaded.ok) {
  for (const problem of loaded.problems) console.error(formatProblem(problem));
  console.error(`${loaded.problems.length} problem(s) in ${root}`);
  process.exit(1);
}
const { config } = loaded;
const stores = config.groups.reduce((n, g) => n + g.stores.length, 0);
const ruleSets = config.groups.reduce(
  (n, g) => n + g.ruleSets.length + g.stores.reduce((m, s) => m + s.ruleSets.length, 0),
  0,
);
console.log(
  `tenants-config OK: ${config.groups.length} group(s), ${stores} store(s), ${ruleSets} rule-set file(s)`,
);

if (command === 'sync') {
  const db = createDatabase({ url: loadConfig().databaseAppUrl, max: 2 });
  try {
    const summary = await syncTenantsConfig({ db, config });
    console.log(describe(summary));
  } finally {
    await db.close();
  }
}

function describe(summary: SyncSummary): string {
  const parts = Object.entries(summary).flatMap(([what, c]) =>
    (['created', 'updated', 'removed'] as const).filter((k) => c[k] > 0).map((k) => `${what} ${k}: ${c[k]}`),
  );
  return parts.length ? `synced: ${parts.join(', ')}` : 'synced: database already matched, nothing changed';
}
