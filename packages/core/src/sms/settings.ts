import type { Database, Tx } from '../db/database.ts';
import { invalid } from '../errors.ts';
import { type Actor, assertStoreCan } from '../identity/actor.ts';
import { requireStore } from '../tenancy/stores.ts';
import { type GatewayPolicy, gatewayPolicyFromEnv, gatewayUrlProblem } from './providers/gateway-address.ts';
import { createHttpGateway, gatewayBody } from './providers/http-gateway.ts';
import { createLogProvider } from './providers/log-provider.ts';
import type { SmsProvider } from './providers/provider.ts';
import type { SaveSmsSettingsInput, SmsSettings } from './schema.ts';

/** A store's SMS settings as the pipeline reads them (secrets included). */
export interface StoreSmsSettings {
  provider: 'log' | 'http';
  httpUrl: string | null;
  httpAuthorization: string | null;
  httpBodyTemplate: string | null;
  httpTimeoutMs: number;
  ratePerMinute: number;
  webhookSecret: string;
}

/** The store's row, created with the defaults (log provider, a fresh webhook secret) on first use. */
export async function storeSmsSettings(tx: Tx, tenantId: string, storeId: string): Promise<StoreSmsSettings> {
  const [row] = await tx<StoreSmsSettings[]>`
    with created as (
      insert into sms_settings (tenant_id, store_id) values (${tenantId}, ${storeId})
      on conflict do nothing
      returning *)
    select provider, http_url, http_authorization, http_body_template, http_timeout_ms, rate_per_minute,
      webhook_secret from created
    union all
    select provider, http_url, http_authorization, http_body_template, http_timeout_ms, rate_per_minute,
      webhook_secret from sms_settings where store_id = ${storeId}
    limit 1`;
  if (row) return row;
  // Another transaction created the row after this statement's snapshot was taken (two
  // first uses at once: its insert made ours do nothing): a new statement sees it.
  const [created] = await tx<StoreSmsSettings[]>`
    select provider, http_url, http_authorization, http_body_template, http_timeout_ms, rate_per_minute,
      webhook_secret from sms_settings where store_id = ${storeId}`;
  if (!created) throw new Error('sms settings vanished');
  return created;
}

const print = (line: string) => {
  if (process.env.NODE_ENV !== 'test') process.stdout.write(`${line}\n`);
};

/** The provider a store sends through; its gateway, if any, under the platform's address policy. */
export function providerFor(
  settings: StoreSmsSettings,
  policy: GatewayPolicy = gatewayPolicyFromEnv(),
): SmsProvider {
  if (settings.provider === 'http' && settings.httpUrl && settings.httpBodyTemplate) {
    return createHttpGateway({
      url: settings.httpUrl,
      authorization: settings.httpAuthorization,
      bodyTemplate: settings.httpBodyTemplate,
      timeoutMs: settings.httpTimeoutMs,
      policy,
    });
  }
  return createLogProvider({ print });
}

function view(tenantId: string, storeId: string, s: StoreSmsSettings): SmsSettings {
  const hooks = `/webhooks/sms/${tenantId}/${storeId}`;
  return {
    provider: s.provider,
    httpUrl: s.httpUrl,
    httpAuthorizationSet: Boolean(s.httpAuthorization),
    httpBodyTemplate: s.httpBodyTemplate,
    httpTimeoutMs: s.httpTimeoutMs,
    ratePerMinute: s.ratePerMinute,
    webhookSecret: s.webhookSecret,
    receiptsUrl: `${hooks}/receipts`,
    repliesUrl: `${hooks}/replies`,
  };
}

export interface SmsSettingsOptions {
  db: Database;
  actor: Actor;
  storeId: string;
}

export async function getSmsSettings({ db, actor, storeId }: SmsSettingsOptions): Promise<SmsSettings> {
  assertStoreCan(actor, storeId, 'sms.manage');
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    return view(actor.tenantId, storeId, await storeSmsSettings(tx, actor.tenantId, storeId));
  });
}

/**
 * Chooses the provider and its gateway settings; fields left out keep their value. A
 * gateway URL must be https to a host the platform allows, never an internal address
 * (see gateway-address.ts); it is checked again, resolved, at every send.
 */
export async function saveSmsSettings({
  db,
  actor,
  storeId,
  input,
  policy = gatewayPolicyFromEnv(),
}: SmsSettingsOptions & { input: SaveSmsSettingsInput; policy?: GatewayPolicy }): Promise<SmsSettings> {
  assertStoreCan(actor, storeId, 'sms.manage');
  if (input.httpUrl) {
    const problem = gatewayUrlProblem(input.httpUrl, policy);
    if (problem) throw invalid('httpUrl', problem);
  }
  if (input.httpBodyTemplate) {
    try {
      gatewayBody(input.httpBodyTemplate, { id: 'x', phone: '1', text: 't', signature: 's', segments: 1 });
    } catch {
      throw invalid('httpBodyTemplate', 'must make JSON once {{placeholders}} are filled');
    }
  }
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    const current = await storeSmsSettings(tx, actor.tenantId, storeId);
    const next = {
      provider: input.provider,
      httpUrl: input.httpUrl === undefined ? current.httpUrl : input.httpUrl,
      httpAuthorization:
        input.httpAuthorization === undefined ? current.httpAuthorization : input.httpAuthorization,
      httpBodyTemplate:
        input.httpBodyTemplate === undefined ? current.httpBodyTemplate : input.httpBodyTemplate,
      httpTimeoutMs: input.httpTimeoutMs ?? current.httpTimeoutMs,
      ratePerMinute: input.ratePerMinute ?? current.ratePerMinute,
    };
    if (next.provider === 'http' && (!next.httpUrl || !next.httpBodyTemplate)) {
      throw invalid('httpUrl', 'the HTTP gateway needs httpUrl and httpBodyTemplate');
    }
    // A URL kept from before (saved under an older or wider policy) is checked as if typed now.
    const kept = next.provider === 'http' && next.httpUrl ? gatewayUrlProblem(next.httpUrl, policy) : null;
    if (kept) throw invalid('httpUrl', kept);
    const [saved] = await tx<StoreSmsSettings[]>`
      update sms_settings set
        provider = ${next.provider}, http_url = ${next.httpUrl}, http_authorization = ${next.httpAuthorization},
        http_body_template = ${next.httpBodyTemplate}, http_timeout_ms = ${next.httpTimeoutMs},
        rate_per_minute = ${next.ratePerMinute},
        webhook_secret = case when ${input.rotateWebhookSecret ?? false}::boolean
          then replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '') else webhook_secret end,
        updated_at = now()
      where store_id = ${storeId}
      returning provider, http_url, http_authorization, http_body_template, http_timeout_ms, rate_per_minute,
        webhook_secret`;
    if (!saved) throw new Error('sms settings update returned nothing');
    return view(actor.tenantId, storeId, saved);
  });
}

/** The secret a store's gateway signs its webhooks with; null for a store not in this tenant. */
export async function webhookSecretOf(
  db: Database,
  tenantId: string,
  storeId: string,
): Promise<string | null> {
  return db.withTenant(tenantId, async (tx) => {
    const [store] = await tx`select 1 from stores where id = ${storeId}`;
    if (!store) return null;
    return (await storeSmsSettings(tx, tenantId, storeId)).webhookSecret;
  });
}
