import { redirect } from '@sveltejs/kit';
import { setPreferenceCookie, storeCookie } from '$lib/server/cookies';
import { safeRedirectTarget } from '$lib/server/redirect-target';
import { formDataOf } from '$lib/server/request-body';
import type { RequestHandler } from './$types';

/** The store switcher. Only a store the API's `me` lists for this user can be chosen. */
export const POST: RequestHandler = async ({ request, cookies, locals }) => {
  const data = await formDataOf(request);
  const storeId = data.get('storeId');
  if (locals.session?.stores.some((store) => store.id === storeId) && typeof storeId === 'string') {
    setPreferenceCookie(cookies, storeCookie, storeId);
  }
  const target = data.get('redirectTo');
  redirect(303, safeRedirectTarget(typeof target === 'string' ? target : null));
};
