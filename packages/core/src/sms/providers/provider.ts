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

/**
 * Messages per transaction of the batch path, by provider (see `SmsProvider.batchSize`);
 * a campaign's jobs name as many, so the queue's workers share a gateway's messages.
 */
export const providerBatchSize = { log: 500, http: 1 } as const;

/** Where messages go: the log provider (the demo's) or a store's HTTP gateway. */
export interface SmsProvider {
  readonly name: 'log' | 'http';
  /**
   * How many messages one transaction of the batch path may send before it records them.
   * A crash before the record repeats that many sends: 1 for anything that leaves the
   * machine; more only where the send-log row is the send (the log provider).
   */
  readonly batchSize: number;
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
