import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // adapter-node: `node build/index.js`, listening on PORT (the demo uses 3000).
    adapter: adapter(),
    // The pages' Content-Security-Policy. 'auto': SvelteKit puts a fresh nonce on the inline
    // script that starts each server-rendered page. Everything else is this server's own:
    // scripts and styles from /_app, charts drawn by chart.js on a canvas, images and fonts
    // that Vite may inline as data: URIs. Inline styles are allowed (style attributes in the
    // markup, Svelte's transitions); scripts never. No frames of it, no plugins, forms post
    // only to it. The headers of every other answer are set in hooks.server.ts.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:'],
        'font-src': ['self', 'data:'],
        'connect-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
      },
    },
  },
};

export default config;
