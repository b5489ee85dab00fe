import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { isRuleKindName, ruleKinds, validateRuleSet } from '@crm/rules';
import type { z } from 'zod';
import { type ConfiguredUser, GroupFile, PlatformFile, StoreFile } from './schema.ts';

/** One thing wrong with the configuration: the file (relative to the root), where in it, and what. */
export interface ConfigProblem {
  file: string;
  /** e.g. `users[2].roles[0].position`; empty for the file as a whole. */
  path: string;
  message: string;
}

/** A `rules/<kind>.json` file of a group (its defaults) or a store (its overrides). */
export interface RuleSetFile {
  kind: string;
  file: string;
  body: unknown;
}

export interface StoreConfig {
  file: string;
  store: StoreFile;
  ruleSets: RuleSetFile[];
}

export interface GroupConfig {
  file: string;
  group: GroupFile;
  ruleSets: RuleSetFile[];
  stores: StoreConfig[];
}

export interface TenantsConfig {
  platform: { file: string; tenant: PlatformFile } | null;
  groups: GroupConfig[];
}

/** Checks one rule-set file's body; returns its problems (empty when it is valid). */
export type RuleSetCheck = (ruleSet: RuleSetFile) => Omit<ConfigProblem, 'file'>[];

export type LoadResult = { ok: true; config: TenantsConfig } | { ok: false; problems: ConfigProblem[] };

/** A rule-set file must be named after a known kind and be a valid rule set of it (the rules engine decides). */
export const checkRuleSetWithEngine: RuleSetCheck = ({ kind, body }) => {
  if (!isRuleKindName(kind)) return [{ path: '', message: `"${kind}" is not a rule kind` }];
  const result = validateRuleSet(kind, body);
  return result.ok ? [] : result.issues.map((i) => ({ path: i.path, message: i.message }));
};

export interface LoadTenantsConfigOptions {
  /** The folder holding `platform.json` and `groups/`. */
  root: string;
  /** Every rule-set file found is handed to this; defaults to the rules engine's validation. */
  checkRuleSet?: RuleSetCheck;
}

/**
 * Reads the whole layout, validates every file against its schema and the files against
 * each other (folder names match codes, logins unique across the platform, roles name
 * stores that exist), and returns either the configuration or every problem found.
 *
 * @example
 * const result = await loadTenantsConfig({ root: 'tenants-config' });
 * if (!result.ok) for (const p of result.problems) console.error(formatProblem(p));
 */
export async function loadTenantsConfig({
  root,
  checkRuleSet = checkRuleSetWithEngine,
}: LoadTenantsConfigOptions): Promise<LoadResult> {
  const problems: ConfigProblem[] = [];
  const rel = (path: string) => relative(root, path);

  async function parseFile<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S> | null> {
    const json = await readJson(path, problems, rel);
    if (json === undefined) return null;
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues)
      problems.push({ file: rel(path), path: formatPath(issue.path), message: issue.message });
    return null;
  }

  async function ruleSetsIn(dir: string): Promise<RuleSetFile[]> {
    const found: RuleSetFile[] = [];
    for (const name of await entries(dir)) {
      const path = join(dir, name);
      if (!name.endsWith('.json')) {
        problems.push({ file: rel(path), path: '', message: 'rule-set files are named <kind>.json' });
        continue;
      }
      const body = await readJson(path, problems, rel);
      if (body === undefined) continue;
      const ruleSet = { kind: name.slice(0, -'.json'.length), file: rel(path), body };
      for (const p of checkRuleSet(ruleSet)) problems.push({ file: ruleSet.file, ...p });
      found.push(ruleSet);
    }
    return found;
  }

  const platformPath = join(root, 'platform.json');
  const hasPlatform = (await entries(root)).includes('platform.json');
  const platformFile = hasPlatform ? await parseFile(platformPath, PlatformFile) : null;
  const platform = platformFile ? { file: rel(platformPath), tenant: platformFile } : null;

  const groups: GroupConfig[] = [];
  for (const groupDir of await entries(join(root, 'groups'))) {
    const dir = join(root, 'groups', groupDir);
    const groupPath = join(dir, 'group.json');
    const group = await parseFile(groupPath, GroupFile);
    if (group && group.code !== groupDir)
      problems.push({
        file: rel(groupPath),
        path: 'code',
        message: `must match its folder name "${groupDir}"`,
      });
    const ruleSets = await ruleSetsIn(join(dir, 'rules'));
    const stores: StoreConfig[] = [];
    for (const storeDir of await entries(join(dir, 'stores'))) {
      const storePath = join(dir, 'stores', storeDir, 'store.json');
      const store = await parseFile(storePath, StoreFile);
      const storeRuleSets = await ruleSetsIn(join(dir, 'stores', storeDir, 'rules'));
      if (!store) continue;
      if (store.code !== storeDir)
        problems.push({
          file: rel(storePath),
          path: 'code',
          message: `must match its folder name "${storeDir}"`,
        });
      stores.push({ file: rel(storePath), store, ruleSets: storeRuleSets });
    }
    if (group) groups.push({ file: rel(groupPath), group, ruleSets, stores });
  }

  problems.push(...crossFileProblems({ platform, groups }));
  return problems.length ? { ok: false, problems } : { ok: true, config: { platform, groups } };
}

/** What no single file's schema can see: codes and logins unique, roles naming stores that exist. */
function crossFileProblems(config: TenantsConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const tenantCodes = new Map<string, string>();
  const logins = new Map<string, string>();

  /** The first file to use a code or login owns it; any later use is a problem at `file`/`path`. */
  const claim = (seen: Map<string, string>, key: string, value: string, file: string, path: string) => {
    const first = seen.get(key);
    if (first) problems.push({ file, path, message: `${value} is already used in ${first}` });
    else seen.set(key, file);
  };
  const checkUsers = (file: string, users: ConfiguredUser[], storeCodes: Set<string> | null) => {
    users.forEach((u, i) => {
      claim(logins, `email:${u.email.toLowerCase()}`, u.email, file, `users[${i}].email`);
      if (u.mobile) claim(logins, `mobile:${u.mobile}`, u.mobile, file, `users[${i}].mobile`);
      const held = new Set<string>();
      u.roles.forEach((r, j) => {
        const { store } = r;
        if (store && storeCodes && !storeCodes.has(store))
          problems.push({
            file,
            path: `users[${i}].roles[${j}].store`,
            message: `no store "${store}" in this group`,
          });
        const key = `${store ?? ''}|${r.role}`;
        if (held.has(key))
          problems.push({
            file,
            path: `users[${i}].roles[${j}]`,
            message: 'the same role at the same store twice',
          });
        held.add(key);
      });
    });
  };

  if (config.platform) {
    const { file, tenant } = config.platform;
    claim(tenantCodes, tenant.code, `tenant code "${tenant.code}"`, file, 'code');
    checkUsers(file, tenant.users, null);
  }
  for (const { file, group, stores, ruleSets } of config.groups) {
    claim(tenantCodes, group.code, `tenant code "${group.code}"`, file, 'code');
    checkUsers(file, group.users, new Set(stores.map((s) => s.store.code)));
    for (const s of stores) {
      checkUsers(s.file, s.store.users, null);
      problems.push(...tierProblems(s.store.code, ruleSets, s.ruleSets));
    }
  }
  return problems;
}

/**
 * Tiers are defined by the discount rules; the classification rules only move members
 * between them. Every tier a store's effective classification moves to must be a tier of
 * its effective discount rules (the store's file, else the group's, else the default).
 */
function tierProblems(
  storeCode: string,
  groupSets: RuleSetFile[],
  storeSets: RuleSetFile[],
): ConfigProblem[] {
  const effective = (kind: 'discountTier' | 'classification') => {
    const file = storeSets.find((r) => r.kind === kind) ?? groupSets.find((r) => r.kind === kind);
    return { file: file?.file ?? null, body: (file?.body ?? ruleKinds[kind].defaults) as RuleSetShape };
  };
  const tiers = new Set((effective('discountTier').body.tiers ?? []).map((t) => t.code));
  const classification = effective('classification');
  const problems: ConfigProblem[] = [];
  (classification.body.rules ?? []).forEach((rule, i) => {
    const tier = rule.event?.type === 'moveTier' ? rule.event.params?.tier : undefined;
    if (typeof tier === 'string' && !tiers.has(tier))
      problems.push({
        file: classification.file ?? `(default classification of ${storeCode})`,
        path: `rules[${i}].event.params.tier`,
        message: `"${tier}" is not a tier of ${storeCode}'s discount rules (${[...tiers].join(', ')})`,
      });
  });
  return problems;
}

/** Just what the tier check reads of a rule set. */
interface RuleSetShape {
  tiers?: { code: string }[];
  rules?: { event?: { type?: string; params?: { tier?: unknown } } }[];
}

/** A problem as one line: `groups/xinbao/group.json: users[0].email: Invalid email address`. */
export function formatProblem({ file, path, message }: ConfigProblem): string {
  return `${file}: ${path ? `${path}: ` : ''}${message}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, i) =>
      typeof segment === 'number' ? `[${segment}]` : `${i === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}

/** The visible entries of a folder, sorted; a missing folder has none. */
async function entries(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => !name.startsWith('.')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function readJson(
  path: string,
  problems: ConfigProblem[],
  rel: (path: string) => string,
): Promise<unknown | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    problems.push({ file: rel(path), path: '', message: 'file is missing' });
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    problems.push({ file: rel(path), path: '', message: `not valid JSON: ${(error as Error).message}` });
    return undefined;
  }
}
