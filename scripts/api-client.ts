#!/usr/bin/env tsx
// The web's API types come from the API's own OpenAPI document, never by hand.
//
//   npm run api:generate   writes apps/web/src/lib/api/schema.d.ts
//   npm run api:check      exits 1 when that file is not what the API's routes say now
//                          (`npm test` runs it, so CI catches a route changed without regenerating)
//
// Either takes another file to write or check instead (`tsx scripts/api-client.ts check <file>`).
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiTypesFile, apiTypesSource, openApiDocument } from './lib/api-types.ts';

const [command, file] = process.argv.slice(2);
if (command !== 'generate' && command !== 'check') {
  console.error('usage: tsx scripts/api-client.ts generate|check [file]');
  process.exit(2);
}
const target = file ? resolve(file) : fileURLToPath(apiTypesFile);
const shown = relative(process.cwd(), target);

const source = await apiTypesSource(await openApiDocument());
if (command === 'generate') {
  writeFileSync(target, source);
  console.log(`wrote ${shown}`);
} else if (readIfPresent(target) !== source) {
  console.error(`${shown} is stale: the API's OpenAPI document has changed since it was generated.`);
  console.error('Run npm run api:generate and commit the result.');
  process.exit(1);
} else {
  console.log(`${shown} matches the API's OpenAPI document`);
}

function readIfPresent(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
