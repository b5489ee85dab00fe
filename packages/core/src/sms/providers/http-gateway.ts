import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import {
  GatewayAddressRefused,
  type GatewayPolicy,
  gatewayAddress,
  type ResolvedAddress,
  type Resolver,
  systemResolver,
} from './gateway-address.ts';
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
  /** Where gateways may point (see gateway-address.ts), checked at every send. */
  policy: GatewayPolicy;
  /** Resolves the gateway's name; the system's by default. */
  resolve?: Resolver;
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

/** The most of a gateway's answer read: enough for an id or an error message. */
const maxAnswerBytes = 64 * 1024;

/**
 * One POST to `url`, connected to `address` (checked by the caller) whatever the name
 * resolves to now; https still checks the certificate against the name. No redirect is
 * followed: a 3xx is an answer like any other.
 */
function post(
  url: URL,
  address: ResolvedAddress,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<{ status: number; answer: string }> {
  const pinned: LookupFunction = (_host, options, callback) => {
    if (options.all) callback(null, [address]);
    else callback(null, address.address, address.family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinned,
        agent: false,
      },
      (res) => {
        let answer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (answer.length < maxAnswerBytes) answer += chunk;
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, answer });
        });
        res.on('error', reject);
      },
    );
    const timer = setTimeout(() => {
      const timeout = new Error(`timed out after ${timeoutMs} ms`);
      timeout.name = 'TimeoutError';
      req.destroy(timeout);
    }, timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(body);
  });
}

/**
 * A generic HTTP SMS gateway: POSTs the body template as JSON and reads the gateway's id
 * from `id`, `messageId` or `msgId` in a JSON answer. Before each message the URL and the
 * addresses its name resolves to are checked against the platform's policy and the
 * request goes to the checked address; a refused address fails that message for good with
 * the reason. A 2xx is sent; 5xx, 408, 429, a timeout, a connection error or a name that
 * does not resolve is retried; any other status (a redirect included) is a permanent
 * failure with the gateway's answer as the reason. The message id goes in the body
 * (`{{id}}`) so a gateway that de-duplicates on it ignores the resend that follows a timeout.
 */
export function createHttpGateway(options: HttpGatewayOptions): SmsProvider {
  const resolve = options.resolve ?? systemResolver;
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
      let address: ResolvedAddress;
      try {
        address = await gatewayAddress(options.url, options.policy, resolve);
      } catch (error) {
        if (error instanceof GatewayAddressRefused)
          throw new SmsProviderError(`gateway address refused: ${error.message}`, true);
        throw new SmsProviderError('gateway unreachable: its name does not resolve', false);
      }
      let status: number;
      let answer: string;
      try {
        ({ status, answer } = await post(
          new URL(options.url),
          address,
          {
            'content-type': 'application/json',
            ...(options.authorization ? { authorization: options.authorization } : {}),
          },
          body,
          options.timeoutMs,
        ));
      } catch (error) {
        const timedOut = error instanceof Error && error.name === 'TimeoutError';
        throw new SmsProviderError(
          timedOut ? `gateway timed out after ${options.timeoutMs} ms` : 'gateway unreachable',
          false,
        );
      }
      if (status < 200 || status >= 300) {
        throw new SmsProviderError(
          `gateway answered ${status}: ${answer.slice(0, 200)}`,
          !transientStatus(status),
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
