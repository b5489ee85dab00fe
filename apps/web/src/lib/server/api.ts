import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { env } from '$env/dynamic/private';
import type { ApiErrorBody, ErrorDetail, paths } from '$lib/api/contract';

/** Where the API lives; the web server reaches data only through it. */
export function apiOrigin(): string {
  return (env.API_URL || 'http://127.0.0.1:3001').replace(/\/+$/, '');
}

/** The API's `/v1`, which the path-string methods are relative to. */
export function apiBaseUrl(): string {
  return `${apiOrigin()}/v1`;
}

/** An API answer other than 2xx, carrying the API's error code, message and field details. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];
  /** RATE_LIMITED: seconds until the next attempt may be made. */
  readonly retryAfter: number | undefined;

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.details = body.details;
    this.retryAfter = body.retryAfter;
  }

  toBody(): ApiErrorBody {
    const body: ApiErrorBody = { code: this.code, message: this.message, details: this.details };
    if (this.retryAfter !== undefined) body.retryAfter = this.retryAfter;
    return body;
  }
}

export interface ApiClientOptions {
  /** The session token the web keeps in its own `crm_session` cookie. */
  token?: string | null;
  /** From `me`; the API demands it on every mutating call made with a session. */
  csrfToken?: string | null;
  /** Lets the API phrase its messages in the user's language, if it does. */
  locale?: string;
  /**
   * The browser's address, forwarded as `X-Forwarded-For` so the API's per-address login
   * limit counts people, not this web server.
   */
  clientAddress?: string;
  fetch?: typeof fetch;
}

/**
 * `GET`, `POST`, `PUT`, `PATCH`, `DELETE`: openapi-fetch over the generated `paths`, so a
 * route's path (as documented, `/v1/stores/{storeId}`), parameters, body and answer are
 * checked against the API's OpenAPI document; pass the call to {@link answer} for its data.
 * The lower-case methods take a path string under `/v1` and the caller's type for the answer:
 * the way pages called the API before the generated client, left for the pages not yet moved.
 */
export interface ApiClient extends Pick<Client<paths>, 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'> {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  delete(path: string): Promise<void>;
  /**
   * A multipart/form-data POST (a file upload); the JSON answer as with `post`. A browser's
   * own multipart body is passed on as a stream (`body` with its `contentType`, boundary
   * included), so the web server never holds the file whole.
   */
  upload<T>(path: string, form: FormData | StreamedForm): Promise<T>;
  /**
   * A GET whose answer is not JSON (a workbook): the raw 2xx response, for the caller to
   * stream on; anything else rejects with an {@link ApiError} as usual.
   */
  download(path: string): Promise<Response>;
}

/** A multipart/form-data body as it arrives, and its content type (with the boundary). */
export interface StreamedForm {
  body: ReadableStream<Uint8Array>;
  contentType: string;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** One call's outcome as openapi-fetch gives it. */
type Outcome<D> =
  | { data: D; error?: never; response: Response }
  | { data?: never; error: unknown; response: Response };

/**
 * The data of a typed call (undefined for 204); any non-2xx answer rejects with an
 * {@link ApiError} carrying the API's code, message and field details.
 *
 * @example
 * const store = await answer(api.GET('/v1/stores/{storeId}', { params: { path: { storeId } } }));
 */
export async function answer<D>(call: Promise<Outcome<D>>): Promise<Exclude<D, undefined>> {
  const { data, error, response } = await call;
  if (response.ok) return data as Exclude<D, undefined>;
  throw new ApiError(response.status, errorBodyOf(error, response));
}

/**
 * The API client for `${API_URL}`: the session cookie, `X-CSRF-Token` on changes, the
 * caller's language and address on every call. Rejects with an {@link ApiError} for any
 * non-2xx answer — including a network failure, reported as `API_UNREACHABLE` so pages can
 * say the service is down.
 *
 * @example
 * const api = createApiClient({ token, csrfToken });
 * const { items } = await answer(api.GET('/v1/stores'));
 */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const doFetch = options.fetch ?? fetch;
  const base = apiBaseUrl();
  const typed = createClient<paths>({ baseUrl: apiOrigin(), fetch: (request) => doFetch(request) });
  typed.use(sessionHeaders(options));

  function headersFor(method: Method, accept: string): Record<string, string> {
    const headers: Record<string, string> = { accept };
    if (options.locale) headers['accept-language'] = options.locale;
    if (options.clientAddress) headers['x-forwarded-for'] = options.clientAddress;
    if (options.token) headers.cookie = `crm_session=${options.token}`;
    if (method !== 'GET' && options.csrfToken) headers['x-csrf-token'] = options.csrfToken;
    return headers;
  }

  async function send(
    method: Method,
    path: string,
    init: { headers: Record<string, string>; body?: BodyInit; duplex?: 'half' },
  ) {
    try {
      return await doFetch(`${base}${path}`, { method, ...init });
    } catch (cause) {
      throw new ApiError(503, {
        code: 'API_UNREACHABLE',
        message: cause instanceof Error ? cause.message : String(cause),
        details: [],
      });
    }
  }

  async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const headers = headersFor(method, 'application/json');
    if (body !== undefined && !(body instanceof FormData)) headers['content-type'] = 'application/json';
    // FormData sets its own multipart content type, boundary included.
    const payload = body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body);
    const response = await send(method, path, { headers, body: payload });
    return readJson<T>(response);
  }

  async function readJson<T>(response: Response): Promise<T> {
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    const json = parseJson(text);
    if (response.ok) return json as T;
    throw new ApiError(response.status, errorBodyOf(json, response));
  }

  return {
    GET: typed.GET,
    POST: typed.POST,
    PUT: typed.PUT,
    PATCH: typed.PATCH,
    DELETE: typed.DELETE,
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body ?? {}),
    patch: (path, body) => request('PATCH', path, body),
    put: (path, body) => request('PUT', path, body),
    delete: (path) => request<void>('DELETE', path),
    async upload(path, form) {
      if (form instanceof FormData) return request('POST', path, form);
      const headers = { ...headersFor('POST', 'application/json'), 'content-type': form.contentType };
      // A stream body is sent as it is read (fetch needs `duplex` for that).
      return readJson(await send('POST', path, { headers, body: form.body, duplex: 'half' }));
    },
    async download(path) {
      const response = await send('GET', path, { headers: headersFor('GET', '*/*') });
      if (response.ok) return response;
      return readJson<never>(response);
    },
  };
}

/** The typed calls' headers, and a network failure as `API_UNREACHABLE`. */
function sessionHeaders(options: ApiClientOptions): Middleware {
  return {
    onRequest({ request }) {
      const { headers } = request;
      headers.set('accept', 'application/json');
      if (options.locale) headers.set('accept-language', options.locale);
      if (options.clientAddress) headers.set('x-forwarded-for', options.clientAddress);
      if (options.token) headers.set('cookie', `crm_session=${options.token}`);
      if (request.method !== 'GET' && options.csrfToken) headers.set('x-csrf-token', options.csrfToken);
    },
    onError({ error }) {
      return new ApiError(503, {
        code: 'API_UNREACHABLE',
        message: error instanceof Error ? error.message : String(error),
        details: [],
      });
    },
  };
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // A proxy's HTML error page is not our contract; the caller reports it by status.
    return undefined;
  }
}

function errorBodyOf(json: unknown, response: Pick<Response, 'status' | 'statusText'>): ApiErrorBody {
  if (isRecord(json) && isRecord(json.error) && typeof json.error.code === 'string') {
    const { code, message, details, retryAfter } = json.error;
    const body: ApiErrorBody = {
      code,
      message: typeof message === 'string' ? message : code,
      details: Array.isArray(details) ? details.flatMap(toErrorDetail) : [],
    };
    if (typeof retryAfter === 'number' && Number.isFinite(retryAfter))
      body.retryAfter = Math.ceil(retryAfter);
    return body;
  }
  return { code: `HTTP_${response.status}`, message: response.statusText, details: [] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

// Accepts zod's array paths too (`['roles', 0, 'storeId']` → `roles.0.storeId`), so a field
// error lands next to its field whichever way the API spells the path. A detail's `reason`
// key (why an import file was refused) is kept for the page to say in the user's words.
function toErrorDetail(value: unknown): ErrorDetail[] {
  if (!isRecord(value) || typeof value.message !== 'string') return [];
  const path = Array.isArray(value.path) ? value.path.join('.') : value.path;
  if (typeof path !== 'string') return [];
  const detail: ErrorDetail & { reason?: string } = { path, message: value.message };
  if (typeof value.reason === 'string') detail.reason = value.reason;
  return [detail];
}
