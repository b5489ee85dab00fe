import { isIP } from 'node:net';
import { z } from 'zod';

/** `10.0.0.5`, `::1`, `10.0.0.0/8`, `fd00::/8`. */
function isAddressOrRange(entry: string): boolean {
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  const prefix = Number(bits);
  return /^\d+$/.test(bits) && prefix <= (family === 4 ? 32 : 128);
}

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Owner connection: migrations and bootstrap only. */
  DATABASE_URL: z.string().url(),
  /** The application's own login (no BYPASSRLS, not the owner). Derived from DATABASE_URL when unset. */
  DATABASE_APP_URL: z.string().url().optional(),
  DATABASE_APP_USER: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default('crm_app'),
  DATABASE_APP_PASSWORD: z.string().default('crm_app'),
  /** BullMQ on Redis when set; BullMQ's PostgreSQL backend otherwise. */
  REDIS_URL: z.string().url().optional(),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]+$/)
    .default('crm'),
  /**
   * How long a worker's hold on a running job lasts before another worker may take the job
   * again (BullMQ's lock, renewed while the job runs; also its stalled-job check interval):
   * how soon the jobs of a worker that died run again.
   */
  QUEUE_LOCK_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .positive()
    .max(24 * 30)
    .default(12),
  API_PORT: z.coerce.number().int().min(1).max(65535).default(3001),
  /** The API's listen address; the demo listens on loopback only. */
  API_HOST: z.string().min(1).default('0.0.0.0'),
  /**
   * The proxies (the web server) whose X-Forwarded-For names the client: IP addresses or
   * CIDR ranges, comma-separated. From any other peer the header is ignored, so nobody can
   * pick the address the sign-in throttle counts. Empty: the socket's address only.
   */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((entries) => entries.every(isAddressOrRange), 'IP addresses or CIDR ranges, comma-separated'),
  /** Older form: `true` trusts a proxy on this machine (127.0.0.1, ::1) when TRUSTED_PROXIES is unset. */
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Secure cookies; on by default in production. */
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  /** Largest request body the API accepts, in bytes. */
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(1_048_576),
  /** Largest file upload to an import (CSV/XLSX), in bytes. */
  IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(50 * 1_048_576),
  /**
   * Where uploaded import files are kept on disk; the API and the worker must share it.
   * Checked here; read by imports/storage.ts (defaultImportDir), the same way in both.
   */
  IMPORT_DIR: z.string().min(1).default('.data/imports'),
  /**
   * What reading an upload may cost, whatever it holds (imports/file-limits.ts reads them
   * the same way in the API and the worker): an XLSX's entries unpacked, its shared
   * strings unpacked, parser threads at once per process, and seconds one may take.
   */
  IMPORT_MAX_UNPACKED_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(256 * 1_048_576),
  IMPORT_MAX_SHARED_STRINGS_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1_048_576),
  IMPORT_MAX_PARSERS: z.coerce.number().int().min(1).max(64).default(2),
  IMPORT_PARSE_SECONDS: z.coerce.number().positive().max(3600).default(120),
  /** Age past which the nightly sweep removes an import file no import needs (imports/sweep-orphan-files.ts). */
  IMPORT_ORPHAN_HOURS: z.coerce.number().positive().default(24),
  /** Where complaint attachments are kept on disk (behind the attachment storage interface). */
  ATTACHMENTS_DIR: z.string().min(1).default('.data/attachments'),
  /**
   * The hosts a store's HTTP SMS gateway may point at, comma-separated: exact names,
   * `*.example.com`, or `*` for any public host. Empty: no HTTP gateway (the log provider only).
   * Read by sms/providers/gateway-address.ts (gatewayPolicyFromEnv).
   */
  SMS_GATEWAY_ALLOWED_HOSTS: z
    .string()
    .regex(
      /^\s*(?:(?:\*|(?:\*\.)?[A-Za-z0-9.-]+)\s*(?:,\s*|$))*$/,
      'comma-separated host names, *.domain or *',
    )
    .default(''),
  /** A gateway on this machine (loopback, http allowed): tests and development with a fake gateway. */
  SMS_GATEWAY_ALLOW_LOOPBACK: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof envSchema> & { databaseAppUrl: string };

/** Reads and checks the environment once; a missing or malformed variable stops the process with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const c = parsed.data;
  if (c.TRUST_PROXY && c.TRUSTED_PROXIES.length === 0) c.TRUSTED_PROXIES = ['127.0.0.1', '::1'];
  if (c.SMS_GATEWAY_ALLOW_LOOPBACK && c.NODE_ENV === 'production')
    throw new Error(
      'Invalid configuration: SMS_GATEWAY_ALLOW_LOOPBACK: not allowed when NODE_ENV is production',
    );
  return {
    ...c,
    databaseAppUrl:
      c.DATABASE_APP_URL ?? appUrlFrom(c.DATABASE_URL, c.DATABASE_APP_USER, c.DATABASE_APP_PASSWORD),
  };
}

function appUrlFrom(ownerUrl: string, user: string, password: string): string {
  const url = new URL(ownerUrl);
  url.username = user;
  url.password = password;
  return url.toString();
}
