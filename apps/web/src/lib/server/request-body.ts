import { error } from '@sveltejs/kit';

// The bodies the web's own endpoints read. A body that cannot be read as what the endpoint
// takes is the caller's mistake: 400 INVALID_INPUT, never the 500 an uncaught parse error was.

/** The request's JSON body; malformed or empty → 400. */
export async function jsonBodyOf(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '')
    error(400, { message: 'The body is empty: send a JSON object', code: 'INVALID_INPUT' });
  try {
    return JSON.parse(text);
  } catch {
    error(400, { message: 'The body is not valid JSON', code: 'INVALID_INPUT' });
  }
}

/** The request's form fields; a body that is not a form (wrong type, malformed) → 400. */
export async function formDataOf(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    error(400, { message: 'The body is not a form', code: 'INVALID_INPUT' });
  }
}
