/** One message as a provider sees it: our id travels with it so the gateway can drop a resend. */
export interface OutgoingSms {
  /** The send log's id: the client reference a gateway de-duplicates on. */
  id: string;
  phone: string;
  /** The full text, signature included. */
  text: string;
  /** The store's signature without 【】 (some gateways take it apart from the text). */
  signature: string;
  segments: number;
}

export interface SmsSendResult {
  /** The provider's own id, which its delivery receipts name; null if it gives none. */
  providerMessageId: string | null;
}

/** Where messages go: the log provider (the demo's) or a store's HTTP gateway. */
export interface SmsProvider {
  readonly name: 'log' | 'http';
  send(message: OutgoingSms): Promise<SmsSendResult>;
}

/**
 * A send that did not go through. `permanent` failures (the gateway refused the number or
 * the request) are not retried; the others (timeouts, 5xx, connection errors) are, with
 * backoff, until the attempts run out.
 */
export class SmsProviderError extends Error {
  override readonly name = 'SmsProviderError';
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}
