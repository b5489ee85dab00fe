/**
 * The policy of every answer that is not a page — a +server.ts endpoint's JSON or file, a
 * redirect, SvelteKit's bare error page (whose inline style it keeps) — which loads nothing
 * and runs nothing. Pages get theirs from `kit.csp` in svelte.config.js, with nonces.
 */
const answerPolicy =
  "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The headers every answer of the web server carries, whatever it is. */
const everyAnswer: [string, string][] = [
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
  ['referrer-policy', 'same-origin'],
  ['permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()'],
];

/** One year, this host only: the dealer's other hosts are not ours to pin to https. */
const hsts = 'max-age=31536000';

/**
 * Puts the security headers on an answer: nosniff, no framing, no referrer off the site,
 * no camera, microphone or location, a CSP when the page has none of its own, and HSTS when
 * `https` (served over https in production).
 *
 * @example
 * return withSecurityHeaders(await resolve(event), { https: event.url.protocol === 'https:' });
 */
export function withSecurityHeaders(response: Response, { https }: { https: boolean }): Response {
  const headers: [string, string][] = [...everyAnswer];
  if (!response.headers.has('content-security-policy'))
    headers.push(['content-security-policy', answerPolicy]);
  if (https) headers.push(['strict-transport-security', hsts]);
  const answer = mutable(response);
  for (const [name, value] of headers) answer.headers.set(name, value);
  return answer;
}

/** A Response straight from fetch() has immutable headers (setting one throws a TypeError): copy it. */
function mutable(response: Response): Response {
  try {
    response.headers.set('x-content-type-options', 'nosniff');
    return response;
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    return new Response(response.body, response);
  }
}
