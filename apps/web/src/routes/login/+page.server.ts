import { fail, redirect } from '@sveltejs/kit';
import type { LoginResult } from '$lib/api/contract';
import { ApiError } from '$lib/server/api';
import { setSessionCookie } from '$lib/server/cookies';
import { text } from '$lib/server/form-input';
import { safeRedirectTarget } from '$lib/server/redirect-target';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.session) redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo')));
};

export const actions: Actions = {
  default: async ({ request, cookies, locals, url }) => {
    const data = await request.formData();
    const login = text(data, 'login');
    let result: LoginResult;
    try {
      result = await locals.api.post<LoginResult>('/auth/login', {
        login,
        password: data.get('password') ?? '',
      });
    } catch (err) {
      // Here a 401 means "wrong account or password", not "signed out": show it, don't redirect.
      if (err instanceof ApiError) return fail(err.status, { login, error: err.toBody() });
      throw err;
    }
    // The API also sets its own cookie on its own origin; the browser never sees that one.
    // The web keeps the token in a cookie of its own and presents it to the API per request.
    setSessionCookie(cookies, result.session.token, result.session.expiresAt);
    redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo')));
  },
};
