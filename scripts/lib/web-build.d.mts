/** True when `apps/web/build` is missing or a source changed after it was built. */
export function webBuildIsStale(): boolean;
/** Path of the built web server's entry (`apps/web/build/index.js`). */
export const webEntry: string;
/** Runs `npm run build -w @crm/web` if needed (returns whether it built); throws if the build fails. */
export function ensureWebBuilt(options?: { log?: (line: string) => void }): boolean;
