import { createApp, type Deps } from '@crm/api';
import { type Config, createDatabase, createLogger, createQueueBackend } from '@crm/core';
import { testConfig } from '@crm/core/testing';

export interface TestApi {
  app: ReturnType<typeof createApp>;
  deps: Deps;
  close(): Promise<void>;
}

/** The real API wired to the run's database and queues, called in-process (no socket). */
export function testApi(config: Config = testConfig()): TestApi {
  const deps: Deps = {
    config,
    log: createLogger({ name: 'test', level: config.LOG_LEVEL }),
    db: createDatabase({ url: config.databaseAppUrl, max: 5 }),
    backend: createQueueBackend({
      redisUrl: config.REDIS_URL,
      databaseUrl: config.databaseAppUrl,
      prefix: config.QUEUE_PREFIX,
    }),
  };
  const app = createApp(deps);
  return {
    app,
    deps,
    async close() {
      await deps.backend.close();
      await deps.db.close();
    },
  };
}

export interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies
  body: any;
}

/** Where a Client sends its requests: the app in-process, or the app behind a socket (`listening`). */
export interface Requester {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

/** A caller with its own cookie jar and CSRF token, like one browser tab. */
export class Client {
  private cookie: string | null = null;
  private csrf: string | null = null;
  private bearer: string | null = null;
  /** Sent as X-Forwarded-For, which the API believes only from a trusted proxy; tests of throttling vary it. */
  address = '203.0.113.7';

  constructor(private readonly app: Requester) {}

  static withToken(app: Requester, token: string): Client {
    const c = new Client(app);
    c.bearer = token;
    return c;
  }

  async login(login: string, password: string): Promise<Reply> {
    const reply = await this.request('POST', '/v1/auth/login', { login, password });
    if (reply.status === 200) {
      this.cookie = `crm_session=${reply.body.session.token}`;
      this.csrf = reply.body.session.csrfToken;
    }
    return reply;
  }

  /** Same as `request`, but a failure to be 2xx throws with the body, for setup steps. */
  async ok(method: string, path: string, body?: unknown): Promise<Reply['body']> {
    const reply = await this.request(method, path, body);
    if (reply.status >= 300)
      throw new Error(`${method} ${path} → ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  private authHeaders(): Record<string, string> {
    const headers: Record<string, string> = { 'x-forwarded-for': this.address };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (this.csrf) headers['x-csrf-token'] = this.csrf;
    return headers;
  }

  /** A GET whose body is a file (an XLSX export): the bytes as sent. */
  async download(path: string): Promise<{ status: number; headers: Headers; bytes: Uint8Array }> {
    const res = await this.app.request(path, { headers: this.authHeaders() });
    return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
  }

  /** A multipart/form-data POST of one file (field `file`), as a browser's file input sends it. */
  async upload(
    path: string,
    fileName: string,
    bytes: Uint8Array,
    contentType = 'application/octet-stream',
  ): Promise<Reply> {
    const form = new FormData();
    form.append('file', new File([new Uint8Array(bytes)], fileName, { type: contentType }));
    const res = await this.app.request(path, { method: 'POST', headers: this.authHeaders(), body: form });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    return { status: res.status, headers: res.headers, body: parsed };
  }

  /**
   * A multipart/form-data POST of one file (field `file`) whose bytes come from `chunks` as
   * they are produced, sent without Content-Length (chunked, as a large browser upload may
   * be): the test never holds the file whole, and a thrown chunk breaks the body off mid-file.
   */
  async uploadStream(path: string, fileName: string, chunks: AsyncIterable<Uint8Array>): Promise<Reply> {
    const boundary = `----crm-test-${Math.random().toString(16).slice(2)}`;
    const encoder = new TextEncoder();
    async function* parts() {
      yield encoder.encode(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      );
      yield* chunks;
      yield encoder.encode(`\r\n--${boundary}--\r\n`);
    }
    const iterator = parts();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
    });
    const res = await this.app.request(path, {
      method: 'POST',
      headers: { ...this.authHeaders(), 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: 'half',
    } as RequestInit);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    return { status: res.status, headers: res.headers, body: parsed };
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    {
      csrf = true,
      raw,
      headers: extra = {},
    }: { csrf?: boolean; raw?: string; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { 'x-forwarded-for': this.address };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (csrf && this.csrf) headers['x-csrf-token'] = this.csrf;
    const payload = raw ?? (body === undefined || method === 'GET' ? undefined : JSON.stringify(body));
    if (payload !== undefined) headers['content-type'] = 'application/json';
    Object.assign(headers, extra);
    const res = await this.app.request(path, { method, headers, body: payload });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (HTML pages); keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed };
  }
}
