import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenAPI3, SchemaObject } from 'openapi-typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { apiTypesSource, openApiDocument } from '../../scripts/lib/api-types.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'crm-api-client-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `npm run api:check`, against `file` instead of the committed one. */
function apiCheck(file: string) {
  const run = spawnSync(join(root, 'node_modules/.bin/tsx'), ['scripts/api-client.ts', 'check', file], {
    cwd: root,
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("the web's generated API client", () => {
  it("fails the CI check, saying to run npm run api:generate, when a route's answer changed since generation", async () => {
    // The file as generated before stores' answers gained `smsSignature`.
    const before = structuredClone(await openApiDocument()) as OpenAPI3;
    const store = before.components?.schemas?.Store as SchemaObject & { properties: Record<string, unknown> };
    delete store.properties.smsSignature;
    const file = join(dir, 'before.d.ts');
    writeFileSync(file, await apiTypesSource(before));

    const check = apiCheck(file);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain("before.d.ts is stale: the API's OpenAPI document has changed");
    expect(check.stderr).toContain('Run npm run api:generate');
  }, 120_000);

  it('passes the check once regenerated', async () => {
    const file = join(dir, 'now.d.ts');
    writeFileSync(file, await apiTypesSource(await openApiDocument()));

    const check = apiCheck(file);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect(check.stdout).toContain("now.d.ts matches the API's OpenAPI document");
  }, 120_000);
});
