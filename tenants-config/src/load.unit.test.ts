import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configRoot } from './index.ts';
import { formatProblem, loadTenantsConfig } from './load.ts';

// biome-ignore lint/suspicious/noExplicitAny: the edits reach into parsed JSON files
type Json = any;

const bjBenz = 'groups/xinbao/stores/BJ-BENZ/store.json';
const group = 'groups/xinbao/group.json';

/** A copy of the shipped configuration with one file rewritten by `edit`. */
async function brokenCopy(edits: Record<string, (json: Json) => void>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'tenants-config-'));
  await cp(configRoot, root, {
    recursive: true,
    filter: (src) => !/node_modules|\/src(\/|$)|\.ts$/.test(src.slice(configRoot.length)),
  });
  for (const [file, edit] of Object.entries(edits)) {
    const json = JSON.parse(await readFile(join(root, file), 'utf8'));
    edit(json);
    await writeFile(join(root, file), JSON.stringify(json));
  }
  return root;
}

async function problemsOf(root: string): Promise<string[]> {
  const result = await loadTenantsConfig({ root });
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe('checking tenants-config', () => {
  const roots: string[] = [];
  afterEach(async () => {
    for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
  });

  it('accepts the shipped demo group and platform', async () => {
    const result = await loadTenantsConfig({ root: configRoot });
    expect(result.ok && result.config.groups.map((g) => g.stores.map((s) => s.store.code))).toEqual([
      ['BJ-BENZ', 'LF-TOYOTA', 'TJ-BMW'],
    ]);
  });

  it.each([
    [
      'a staff member without a position',
      {
        [bjBenz]: (s: Json) => {
          s.users[4].roles = [{ role: 'staff' }];
        },
      },
      [`${bjBenz}: users[4].roles[0].position: staff need a position`],
    ],
    [
      'a mobile that is not a mainland number',
      {
        [bjBenz]: (s: Json) => {
          s.users[1].mobile = '12345';
        },
      },
      [`${bjBenz}: users[1].mobile: must be an 11-digit mainland mobile number`],
    ],
    [
      'a time zone that does not exist',
      {
        [bjBenz]: (s: Json) => {
          s.timeZone = 'Asia/Beijing';
        },
      },
      [`${bjBenz}: timeZone: must be an IANA time zone such as Asia/Shanghai`],
    ],
    [
      'an HQ admin tied to a store',
      {
        [group]: (g: Json) => {
          g.users[0].roles = [{ role: 'hq_admin', store: 'BJ-BENZ' }];
        },
      },
      [`${group}: users[0].roles[0].store: hq_admin is not tied to a store`],
    ],
    [
      'a role at a store the group does not have',
      {
        [group]: (g: Json) => {
          g.users[1].roles[0].store = 'SH-AUDI';
        },
      },
      [`${group}: users[1].roles[0].store: no store "SH-AUDI" in this group`],
    ],
    [
      'an email used by two people, whatever its case',
      {
        [bjBenz]: (s: Json) => {
          s.users[0].email = 'HQ@xinbao.demo';
        },
      },
      [`${bjBenz}: users[0].email: HQ@xinbao.demo is already used in ${group}`],
    ],
    [
      'a store whose code is not its folder name',
      {
        [bjBenz]: (s: Json) => {
          s.code = 'BJ-MB';
        },
      },
      [`${bjBenz}: code: must match its folder name "BJ-BENZ"`],
    ],
  ])('names the file and the JSON path of %s', async (_, edits, expected) => {
    const root = await brokenCopy(edits);
    roots.push(root);
    expect(await problemsOf(root)).toEqual(expected);
  });

  it('reports a file that is not JSON, and a rule-set file of a kind that does not exist', async () => {
    const root = await brokenCopy({});
    roots.push(root);
    await writeFile(join(root, bjBenz), '{ "code": "BJ-BENZ", }');
    await writeFile(join(root, 'groups/xinbao/rules/callbacks.json'), '{}');
    const problems = await problemsOf(root);
    expect(problems).toContain('groups/xinbao/rules/callbacks.json: "callbacks" is not a rule kind');
    expect(problems.some((p) => p.startsWith(`${bjBenz}: not valid JSON:`))).toBe(true);
  });

  it("reports a tier move to a tier the store's discount rules do not define, per store", async () => {
    const root = await brokenCopy({
      'groups/xinbao/rules/discountTier.json': (json) => {
        json.tiers = json.tiers.filter((t: { code: string }) => t.code !== 'gold');
      },
    });
    roots.push(root);
    const problems = await problemsOf(root);
    const gold = (await loadTenantsConfig({ root: configRoot })).ok
      ? JSON.parse(
          await readFile(join(configRoot, 'groups/xinbao/rules/classification.json'), 'utf8'),
        ).rules.findIndex((r: Json) => r.event.params?.tier === 'gold')
      : -1;
    // BJ-BENZ and TJ-BMW use the group's tiers; LF-TOYOTA has its own discount rules and is fine.
    expect(problems.filter((p) => p.includes('is not a tier'))).toEqual([
      `groups/xinbao/rules/classification.json: rules[${gold}].event.params.tier: "gold" is not a tier of BJ-BENZ's discount rules (silver)`,
      `groups/xinbao/rules/classification.json: rules[${gold}].event.params.tier: "gold" is not a tier of TJ-BMW's discount rules (silver)`,
    ]);
  });

  it('reports a store folder renamed away from its code', async () => {
    const root = await brokenCopy({});
    roots.push(root);
    await rename(join(root, 'groups/xinbao/stores/TJ-BMW'), join(root, 'groups/xinbao/stores/TJ'));
    expect(await problemsOf(root)).toEqual([
      'groups/xinbao/stores/TJ/store.json: code: must match its folder name "TJ"',
    ]);
  });
});
