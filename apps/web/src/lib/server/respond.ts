import { error, fail, redirect } from '@sveltejs/kit';
import type { ApiErrorBody } from '$lib/api/contract';
import { ApiError } from './api';

/** What a failed form action hands its page: which form, the API's error, what was typed. */
export interface ActionFailure {
  form: string;
  error: ApiErrorBody;
  values: Record<string, string>;
}

/**
 * Turns an API refusal into a form-action failure so the page can show the message and the
 * field errors beside the fields, keeping what the user typed. Anything else is a bug and
 * is rethrown.
 */
export function failFromApi(err: unknown, form: string, values: Record<string, string> = {}) {
  if (err instanceof ApiError) {
    if (err.code === 'UNAUTHENTICATED') redirect(303, '/login');
    return fail(err.status, { form, error: err.toBody(), values } satisfies ActionFailure);
  }
  throw err;
}

/** For load functions: an API refusal becomes SvelteKit's error page with the API's code. */
export function raiseFromApi(err: unknown): never {
  if (err instanceof ApiError) {
    if (err.code === 'UNAUTHENTICATED') redirect(303, '/login');
    error(err.status, { message: err.message, code: err.code });
  }
  throw err;
}

/** The text fields of a submitted form, for echoing back into the form on failure. */
export function formValues(data: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of data) {
    if (typeof value === 'string' && key !== 'password') values[key] = value;
  }
  return values;
}
