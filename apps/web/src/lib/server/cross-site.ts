/** Methods that read: they must not change anything, so who sent them does not matter. */
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a request that could change something came from a page other than this app's
 * own — a cross-site request forgery — and must be refused.
 *
 * SvelteKit's own check looks only at form content types, and the session cookie is
 * SameSite=Lax, which another origin of the same site (`evil.dealer.cn` beside
 * `crm.dealer.cn`) still gets sent. So every request but GET, HEAD and OPTIONS is checked,
 * whatever its content type, and with nothing assumed about the sender's site:
 *
 * - an `Origin` header must be this app's origin exactly (`null`, sent from sandboxed
 *   frames and after cross-origin redirects, is refused);
 * - without `Origin`, `Sec-Fetch-Site` must say `same-origin` or `none` (typed or
 *   bookmarked by the user) — `same-site` is exactly the attack above;
 * - with neither, the request is refused: every browser we support sends `Origin` on a
 *   POST and `Sec-Fetch-Site` on everything, and both are headers no page can set. A
 *   script or other non-browser client has the API (with its token) instead.
 *
 * @example
 * if (isCrossSiteRequest(event.request, event.url.origin)) return refuse();
 */
export function isCrossSiteRequest(request: Pick<Request, 'method' | 'headers'>, appOrigin: string): boolean {
  if (safeMethods.has(request.method)) return false;
  const origin = request.headers.get('origin');
  if (origin !== null) return origin !== appOrigin;
  const site = request.headers.get('sec-fetch-site');
  return site !== 'same-origin' && site !== 'none';
}
