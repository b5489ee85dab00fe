// The public surface of tenants-config: read and check the files, then sync them into the database.
import { fileURLToPath } from 'node:url';

export {
  type ConfigProblem,
  checkRuleSetWithEngine,
  formatProblem,
  type GroupConfig,
  type LoadResult,
  type LoadTenantsConfigOptions,
  loadTenantsConfig,
  type RuleSetCheck,
  type RuleSetFile,
  type StoreConfig,
  type TenantsConfig,
} from './load.ts';
export { GroupFile, PlatformFile, StoreFile } from './schema.ts';
export {
  type SyncCounts,
  type SyncSummary,
  type SyncTenantsConfigOptions,
  syncTenantsConfig,
} from './sync.ts';

/** The folder this package's own configuration lives in (the demo group and the platform). */
export const configRoot = fileURLToPath(new URL('..', import.meta.url));
