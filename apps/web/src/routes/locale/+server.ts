import { redirect } from '@sveltejs/kit';
import { isLocale, localeCookie } from '$lib/i18n/locale';
import { setPreferenceCookie } from '$lib/server/cookies';
import { safeRedirectTarget } from '$lib/server/redirect-target';
import { formDataOf } from '$lib/server/request-body';
import type { RequestHandler } from './$types';

/** The language switch: a plain form POST, so it works before any script has loaded. */
export const POST: RequestHandler = async ({ request, cookies }) => {
  const data = await formDataOf(request);
  const locale = data.get('locale');
  if (isLocale(locale)) setPreferenceCookie(cookies, localeCookie, locale);
  redirect(303, safeRedirectTarget(stringOf(data.get('redirectTo'))));
};

function stringOf(value: FormDataEntryValue | null): string | null {
  return typeof value === 'string' ? value : null;
}
