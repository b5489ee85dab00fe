import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';

const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const page = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>CRM API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body></html>`;

// A file, not an inline script, so the page's CSP can be script-src 'self'. No validator:
// its badge is an image from validator.swagger.io, which the CSP refuses (and leaks the spec's address).
const init = (specUrl: string) =>
  `SwaggerUIBundle({ url: ${JSON.stringify(specUrl)}, dom_id: '#ui', withCredentials: true, validatorUrl: null });\n`;

/** The interactive API reference, served from the swagger-ui-dist package (no CDN: it works offline). */
export function docsRoutes(specUrl: string) {
  return new Hono()
    .get('/', (c) => c.html(page))
    .get('/init.js', (c) => c.body(init(specUrl), 200, { 'content-type': 'text/javascript; charset=utf-8' }))
    .use(
      '/assets/*',
      serveStatic({ root: swaggerDir, rewriteRequestPath: (p) => p.replace(/^\/docs\/assets/, '') }),
    );
}
