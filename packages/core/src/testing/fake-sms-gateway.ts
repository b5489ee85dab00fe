import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** What the fake gateway got: one entry per HTTP request, in arrival order. */
export interface GatewayRequest {
  ref: string;
  phone: string;
  text: string;
  authorization: string | undefined;
}

/** How the gateway answers the `attempt`-th request (1-based) for a client reference. */
export type GatewayPlan = (
  ref: string,
  attempt: number,
) => { status: number; delayMs?: number; body?: string };

export interface FakeSmsGateway {
  url: string;
  /** The body template a store uses to talk to it. */
  bodyTemplate: string;
  requests: GatewayRequest[];
  /** Distinct client references accepted (2xx): what a de-duplicating gateway would deliver. */
  accepted: Set<string>;
  plan: GatewayPlan;
  close(): Promise<void>;
}

/**
 * A local HTTP SMS gateway for tests (node:http): it records every request, answers as
 * `plan` says (fail, refuse, be slow past the caller's timeout), and de-duplicates on the
 * client reference as real gateways do.
 */
export async function startFakeSmsGateway(
  plan: GatewayPlan = () => ({ status: 200 }),
): Promise<FakeSmsGateway> {
  const attempts = new Map<string, number>();
  const gateway: FakeSmsGateway = {
    url: '',
    bodyTemplate: '{"mobile":"{{phone}}","content":"{{text}}","clientRef":"{{id}}"}',
    requests: [],
    accepted: new Set(),
    plan,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const body = JSON.parse(raw) as { mobile: string; content: string; clientRef: string };
      gateway.requests.push({
        ref: body.clientRef,
        phone: body.mobile,
        text: body.content,
        authorization: req.headers.authorization,
      });
      const attempt = (attempts.get(body.clientRef) ?? 0) + 1;
      attempts.set(body.clientRef, attempt);
      const answer = gateway.plan(body.clientRef, attempt);
      setTimeout(() => {
        if (res.destroyed) return;
        if (answer.status < 300) gateway.accepted.add(body.clientRef);
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(answer.body ?? JSON.stringify({ id: `gw-${body.clientRef}` }));
      }, answer.delayMs ?? 0);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('fake gateway has no port');
  gateway.url = `http://127.0.0.1:${address.port}/send`;
  return gateway;
}
