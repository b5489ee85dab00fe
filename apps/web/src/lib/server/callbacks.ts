import { json } from '@sveltejs/kit';
import { ApiError } from './api';

/**
 * Runs one call of the workbench's JSON endpoints: the API's answer as JSON, or its refusal
 * with the same status and `{ error }` body, so the call screen can say "another specialist
 * is on this call" without a page reload.
 */
export async function relay<T>(call: () => Promise<T>): Promise<Response> {
  try {
    return json(await call());
  } catch (err) {
    if (err instanceof ApiError) return json({ error: err.toBody() }, { status: err.status });
    throw err;
  }
}
