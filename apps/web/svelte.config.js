import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // adapter-node: `node build/index.js`, listening on PORT (the demo uses 3000).
    adapter: adapter(),
  },
};

export default config;
