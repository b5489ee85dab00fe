import type { OutgoingSms, SmsProvider, SmsSendResult } from './provider.ts';
import { providerBatchSize, SmsProviderError } from './provider.ts';

export interface HttpGatewayOptions {
  url: string;
  /** Sent as the Authorization header, e.g. `Bearer …` or `Basic …`. */
  authorization: string | null;
  /**
   * The JSON body with placeholders `{{id}}`, `{{phone}}`, `{{text}}`, `{{signature}}`,
   * `{{segments}}`; values are JSON-escaped, so put string placeholders inside quotes:
   * `{"to":"{{phone}}","content":"{{text}}","clientRef":"{{id}}"}`.
   */
  bodyTemplate: string;
  timeoutMs: number;
}

const placeholders = /\{\{(id|phone|text|signature|segments)\}\}/g;

/** The body for one message; throws when the template does not make JSON. */
export function gatewayBody(template: string, message: OutgoingSms): string {
  const body = template.replace(placeholders, (_, name: keyof OutgoingSms) =>
    JSON.stringify(String(message[name])).slice(1, -1),
  );
  JSON.parse(body);
  return body;
}

/** Whether an HTTP status is worth another try: the gateway's trouble, not our request's. */
const transientStatus = (status: number) => status >= 500 || status === 408 || status === 429;

/**
 * A generic HTTP SMS gateway: POSTs the body template as JSON and reads the gateway's id
 * from `id`, `messageId` or `msgId` in a JSON answer. A 2xx is sent; 5xx, 408, 429, a
 * timeout or a connection error is retried; any other status is a permanent failure with
 * the gateway's answer as the reason. The message id goes in the body (`{{id}}`) so a
 * gateway that de-duplicates on it ignores the resend that follows a timeout.
 */
export function createHttpGateway(options: HttpGatewayOptions): SmsProvider {
  return {
    name: 'http',
    // One request per message: a crash repeats at most the calls in flight.
    batchSize: providerBatchSize.http,
    async send(message: OutgoingSms): Promise<SmsSendResult> {
      let body: string;
      try {
        body = gatewayBody(options.bodyTemplate, message);
      } catch {
        throw new SmsProviderError('the gateway body template does not make JSON', true);
      }
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(options.authorization ? { authorization: options.authorization } : {}),
          },
          body,
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        const timedOut = error instanceof Error && error.name === 'TimeoutError';
        throw new SmsProviderError(
          timedOut ? `gateway timed out after ${options.timeoutMs} ms` : 'gateway unreachable',
          false,
        );
      }
      const answer = await response.text().catch(() => '');
      if (!response.ok) {
        throw new SmsProviderError(
          `gateway answered ${response.status}: ${answer.slice(0, 200)}`,
          !transientStatus(response.status),
        );
      }
      return { providerMessageId: idFrom(answer) };
    },
  };
}

function idFrom(answer: string): string | null {
  try {
    const parsed: unknown = JSON.parse(answer);
    if (parsed && typeof parsed === 'object') {
      const record = parsed as Record<string, unknown>;
      const id = record.id ?? record.messageId ?? record.msgId;
      if (typeof id === 'string' || typeof id === 'number') return String(id);
    }
  } catch {
    // A gateway that answers with plain text gives no id; receipts then name ours.
  }
  return null;
}
