import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// 月度报表 of the store chosen in the switcher: its own page, so HQ can link to any store's.
export const load: PageServerLoad = ({ locals, url }) => {
  if (!locals.store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  redirect(303, `/reports/${encodeURIComponent(locals.store.id)}${url.search}`);
};
