import { createHmac, timingSafeEqual } from 'node:crypto';

/** How old a signed webhook may be: a replayed receipt or reply from earlier is refused. */
export const webhookToleranceMs = 5 * 60_000;

/**
 * The signature a gateway sends with a delivery receipt or reply: hex HMAC-SHA256 with the
 * store's webhook secret over `${timestamp}.${rawBody}` (timestamp in Unix milliseconds,
 * sent as `X-Sms-Timestamp`), sent as `X-Sms-Signature: sha256=<hex>`.
 */
export function signWebhook(secret: string, timestamp: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/** True when the signature matches and the timestamp is recent; compared in constant time. */
export function verifyWebhook({
  secret,
  timestamp,
  signature,
  rawBody,
  now = Date.now(),
}: {
  secret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: string;
  now?: number;
}): boolean {
  if (!timestamp || !signature || !/^\d{10,16}$/.test(timestamp)) return false;
  if (Math.abs(now - Number(timestamp)) > webhookToleranceMs) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
