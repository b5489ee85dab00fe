import { type Cookies, error, redirect } from '@sveltejs/kit';
import type { ApiErrorBody } from '$lib/api/contract';
import { apiBaseUrl } from './api';
import { sessionCookie } from './cookies';

/** What a file passed through from the API keeps: its type, its name, and no sniffing. */
const passedHeaders = ['content-type', 'content-disposition', 'x-content-type-options'];

/**
 * A file the API serves (an XLSX export, an attachment) handed to the browser as it
 * streams in, fetched as the signed-in person. The browser never talks to the API itself,
 * so downloads go through the web server like every other call.
 *
 * @example
 * export const GET = ({ cookies, getClientAddress }) =>
 *   downloadFromApi({ cookies, clientAddress: getClientAddress(), path: '/complaint-reports.xlsx?from=…' });
 */
export async function downloadFromApi({
  cookies,
  clientAddress,
  path,
}: {
  cookies: Cookies;
  clientAddress: string;
  path: string;
}): Promise<Response> {
  const token = cookies.get(sessionCookie);
  if (!token) redirect(303, '/login');
  let response: Response;
  try {
    response = await fetch(`${apiBaseUrl()}${path}`, {
      headers: { cookie: `${sessionCookie}=${token}`, 'x-forwarded-for': clientAddress },
    });
  } catch {
    error(503, { message: 'The API is unreachable', code: 'API_UNREACHABLE' });
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: ApiErrorBody } | null;
    if (response.status === 401) redirect(303, '/login');
    error(response.status, {
      message: body?.error?.message ?? response.statusText,
      code: body?.error?.code,
    });
  }
  const headers = new Headers();
  for (const name of passedHeaders) {
    const value = response.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(response.body, { status: 200, headers });
}
