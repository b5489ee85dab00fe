import type { Config } from '@crm/core';
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

// hono exports the middleware, not its options' type.
type SecureHeadersOptions = NonNullable<Parameters<typeof secureHeaders>[0]>;
type Policy = NonNullable<SecureHeadersOptions['contentSecurityPolicy']>;

/** A JSON answer loads nothing, runs nothing and is never framed. */
const jsonPolicy: Policy = {
  defaultSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
};

/**
 * The two HTML pages the API serves, /docs (swagger-ui) and /admin/queues (bull-board):
 * their own scripts, styles and images from this server, inline styles (both set them),
 * calls back to this server only. bull-board's Google Fonts link is refused on purpose:
 * an operator's page should not tell Google who opened it, and the system font is fine.
 */
const pagePolicy: Policy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const pagePaths = /^\/(docs|admin\/queues)(\/|$)/;

/**
 * Security headers on every answer of the API — JSON, errors, 404s, /openapi.json, the
 * docs and the queue dashboard alike: a CSP (`default-src 'none'` except on the two HTML
 * pages), no framing, no sniffing, no referrer, no camera, microphone or location, and
 * HSTS when the API is served over https (the same switch as its Secure session cookie:
 * `COOKIE_SECURE`, on by default in production).
 *
 * @example
 * app.use('*', securityHeaders(config));
 */
export function securityHeaders(config: Pick<Config, 'NODE_ENV' | 'COOKIE_SECURE'>): MiddlewareHandler {
  const https = config.COOKIE_SECURE ?? config.NODE_ENV === 'production';
  const common: SecureHeadersOptions = {
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    // One year, this host only: the dealer's other hosts are not ours to pin to https.
    strictTransportSecurity: https ? 'max-age=31536000' : false,
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [], usb: [] },
  };
  const json = secureHeaders({ ...common, contentSecurityPolicy: jsonPolicy });
  const page = secureHeaders({ ...common, contentSecurityPolicy: pagePolicy });
  return function securityHeaders(c, next) {
    return (pagePaths.test(c.req.path) ? page : json)(c, next);
  };
}
