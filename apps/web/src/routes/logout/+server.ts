import { redirect } from '@sveltejs/kit';
import { ApiError } from '$lib/server/api';
import { clearSessionCookie } from '$lib/server/cookies';
import type { RequestHandler } from './$types';

/** Ends the session at the API, then forgets the cookie here. */
export const POST: RequestHandler = async ({ cookies, locals }) => {
  try {
    await locals.api.post<void>('/auth/logout');
  } catch (err) {
    // Already gone at the API is the outcome we wanted; anything else is a real failure.
    if (!(err instanceof ApiError && err.status === 401)) throw err;
  }
  clearSessionCookie(cookies);
  redirect(303, '/login');
};
