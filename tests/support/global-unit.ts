import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('../../apps/web/', import.meta.url));

/**
 * Unit project: `svelte-kit sync` first, so the web's tests load on a fresh clone — its
 * tsconfig extends the generated `.svelte-kit/tsconfig.json`, and `$lib` and `./$types`
 * are declared there.
 */
export default function setup() {
  execFileSync('npx', ['--no-install', 'svelte-kit', 'sync'], { cwd: web, stdio: 'inherit' });
}
