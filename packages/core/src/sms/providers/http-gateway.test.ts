import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayPolicy, Resolver } from './gateway-address.ts';
import { createHttpGateway } from './http-gateway.ts';
import { SmsProviderError } from './provider.ts';

/** A server on one loopback address that records the Host header of what reaches it. */
async function listen(
  address: string,
  answer: (port: number) => { status: number; headers?: Record<string, string> },
) {
  const hosts: string[] = [];
  const server: Server = createServer((req, res) => {
    hosts.push(req.headers.host ?? '');
    req.resume();
    req.on('end', () => {
      const { status, headers } = answer(port);
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify({ id: 'gw-1' }));
    });
  });
  server.listen(0, address);
  await once(server, 'listening');
  const bound = server.address();
  if (!bound || typeof bound === 'string') throw new Error('no port');
  const port = bound.port;
  return { server, port, hosts };
}

const message = { id: 'm-1', phone: '13800000000', text: '【鑫宝】您好', signature: '鑫宝', segments: 1 };
const dev: GatewayPolicy = { allowedHosts: [], allowLoopback: true };

describe('the HTTP gateway connects to the address it checked', () => {
  let pinned: Awaited<ReturnType<typeof listen>>;
  let redirecting: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    // 127.0.0.2: an address the system never gives for "localhost", so only the checked answer leads there.
    pinned = await listen('127.0.0.2', () => ({ status: 200 }));
    redirecting = await listen('127.0.0.2', () => ({
      status: 302,
      headers: { location: `http://127.0.0.2:${pinned.port}/send` },
    }));
  });
  afterAll(async () => {
    for (const { server } of [pinned, redirecting]) {
      server.closeAllConnections();
      server.close();
    }
  });

  it('resolves the name once per send and sends to that answer, with the name as the Host', async () => {
    const answers = ['127.0.0.2', '169.254.169.254'];
    let asked = 0;
    // A resolver whose second answer would be the metadata service (DNS rebinding).
    const resolve: Resolver = async () => [{ address: answers[asked++] ?? '127.0.0.1', family: 4 }];
    const gateway = createHttpGateway({
      url: `http://localhost:${pinned.port}/send`,
      authorization: 'Bearer gw-secret',
      bodyTemplate: '{"to":"{{phone}}","content":"{{text}}","ref":"{{id}}"}',
      timeoutMs: 2_000,
      policy: dev,
      resolve,
    });
    expect(await gateway.send(message)).toEqual({ providerMessageId: 'gw-1' });
    expect(asked).toBe(1);
    expect(pinned.hosts).toEqual([`localhost:${pinned.port}`]);
    // The next send asks again and is refused on the new answer: nothing is sent.
    const refused = gateway.send(message);
    await expect(refused).rejects.toThrow(SmsProviderError);
    await expect(refused).rejects.toMatchObject({
      permanent: true,
      message: 'gateway address refused: localhost 解析到非公网地址 169.254.169.254',
    });
    expect(pinned.hosts).toHaveLength(1);
  });

  it('does not follow a redirect: a 3xx fails the message for good', async () => {
    const gateway = createHttpGateway({
      url: `http://127.0.0.2:${redirecting.port}/send`,
      authorization: null,
      bodyTemplate: '{"to":"{{phone}}"}',
      timeoutMs: 2_000,
      policy: dev,
    });
    const hostsBefore = pinned.hosts.length;
    await expect(gateway.send(message)).rejects.toMatchObject({
      permanent: true,
      message: 'gateway answered 302: {"id":"gw-1"}',
    });
    expect(redirecting.hosts).toHaveLength(1);
    expect(pinned.hosts).toHaveLength(hostsBefore);
  });

  it('refuses a loopback gateway when the platform does not allow one, without connecting', async () => {
    const gateway = createHttpGateway({
      url: `http://127.0.0.2:${pinned.port}/send`,
      authorization: null,
      bodyTemplate: '{"to":"{{phone}}"}',
      timeoutMs: 2_000,
      policy: { allowedHosts: ['*'], allowLoopback: false },
    });
    const hostsBefore = pinned.hosts.length;
    await expect(gateway.send(message)).rejects.toMatchObject({
      permanent: true,
      message: 'gateway address refused: 只支持 https 网址',
    });
    expect(pinned.hosts).toHaveLength(hostsBefore);
  });
});
