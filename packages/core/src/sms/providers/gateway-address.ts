import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where a store's HTTP gateway may point. A store admin types the URL, and the worker posts
 * every message there with the store's Authorization header, so an address inside the
 * platform (loopback, the cloud's metadata service at 169.254.169.254, private networks)
 * would turn the worker into the admin's proxy. The platform names the gateway hosts it
 * allows; everything else is refused when the URL is saved and again at every send, after
 * resolving the name, on the address the request then connects to.
 */
export interface GatewayPolicy {
  /**
   * Host names a gateway may have (`SMS_GATEWAY_ALLOWED_HOSTS`): exact names, `*.example.com`
   * for any name under example.com, or `*` for any host. Empty: no HTTP gateway is allowed.
   */
  allowedHosts: readonly string[];
  /**
   * A gateway on this machine (a loopback address, http or https) is allowed whatever the
   * list says (`SMS_GATEWAY_ALLOW_LOOPBACK`): tests and development with a local fake
   * gateway; never in production.
   */
  allowLoopback: boolean;
}

/** The platform's policy from the environment (checked at start-up by config.ts). */
export function gatewayPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayPolicy {
  return {
    allowedHosts: (env.SMS_GATEWAY_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
    allowLoopback: env.SMS_GATEWAY_ALLOW_LOOPBACK === 'true' && env.NODE_ENV !== 'production',
  };
}

// Special-purpose ranges (IANA registries): nothing there is a public SMS gateway.
const notPublic = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", 0.0.0.0 reaches the machine itself
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  notPublic.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128],
  ['::', 96], // IPv4-compatible (deprecated)
  ['64:ff9b::', 96], // NAT64: an IPv4 address behind it
  ['64:ff9b:1::', 48],
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments, Teredo
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: an IPv4 address inside
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const)
  notPublic.addSubnet(network, prefix, 'ipv6');

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** `::ffff:a.b.c.d` (or its hex form) as the IPv4 address it maps, else the address itself. */
function unmapped(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const lower = address.toLowerCase();
  const tail = /^(?:::|(?:0{1,4}:){5})ffff:(.+)$/.exec(lower)?.[1];
  if (tail !== undefined) {
    if (isIP(tail) === 4) return { address: tail, family: 'ipv4' };
    const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(tail);
    if (hex) {
      const high = Number.parseInt(hex[1] as string, 16);
      const low = Number.parseInt(hex[2] as string, 16);
      return { address: [high >> 8, high & 255, low >> 8, low & 255].join('.'), family: 'ipv4' };
    }
  }
  return { address: lower, family: isIP(lower) === 4 ? 'ipv4' : 'ipv6' };
}

/** True for an address on the public internet; false for loopback, private, link-local, CGNAT, multicast, unspecified, reserved. */
export function isPublicAddress(address: string): boolean {
  if (isIP(address) === 0) return false;
  const plain = unmapped(address);
  return !notPublic.check(plain.address, plain.family);
}

function isLoopback(address: string): boolean {
  const plain = unmapped(address);
  return isIP(plain.address) !== 0 && loopback.check(plain.address, plain.family);
}

/** A URL's host as a name or a bare address (no brackets, no trailing dot), lower case. */
const hostOf = (url: URL) =>
  url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();

function onList(host: string, allowed: readonly string[]): boolean {
  return allowed.some((entry) =>
    entry === '*' ? true : entry.startsWith('*.') ? host.endsWith(entry.slice(1)) : host === entry,
  );
}

function urlProblem(raw: string, policy: GatewayPolicy, namesResolved: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '不是有效的网址';
  }
  if (url.username || url.password) return '网址中不能包含用户名或密码';
  const host = hostOf(url);
  const literal = isIP(host) !== 0;
  const local = literal ? isLoopback(host) : host === 'localhost' || host.endsWith('.localhost');
  if (local && policy.allowLoopback) {
    return url.protocol === 'https:' || url.protocol === 'http:' ? null : '只支持 https 网址';
  }
  if (url.protocol !== 'https:') return '只支持 https 网址';
  if (local && (literal || !namesResolved)) return '不能指向本机地址';
  if (literal && !isPublicAddress(host)) return '不能指向内网、本机或保留地址';
  if (policy.allowedHosts.length === 0) return '平台未开放 HTTP 短信网关(SMS_GATEWAY_ALLOWED_HOSTS 为空)';
  if (!onList(host, policy.allowedHosts)) return `网关主机 ${host} 不在平台允许的名单内`;
  return null;
}

/**
 * What is wrong with a gateway URL under the policy, in words for the store admin, or null.
 * Checks what the URL itself says: https (http only to an allowed loopback gateway), no
 * credentials in it, a host on the platform's list, an address literal that is public, and
 * not `localhost` or `*.localhost` (loopback by definition, RFC 6761). What a name resolves
 * to is checked at every send (`gatewayAddress`).
 */
export function gatewayUrlProblem(raw: string, policy: GatewayPolicy): string | null {
  return urlProblem(raw, policy, false);
}

/** A gateway address refused by the policy: the send fails for good with this reason. */
export class GatewayAddressRefused extends Error {
  override readonly name = 'GatewayAddressRefused';
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address a name resolves to (dns.lookup, as a connection would): injectable for tests. */
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

/**
 * The address to connect to for a gateway URL, checked: the URL passes `gatewayUrlProblem`
 * (a name, `localhost` too, is judged by its answer), its name resolves, and every address it resolves to is public (one private answer among
 * public ones refuses it: a connection could pick either). The caller connects to the
 * address returned, not to the name again, so an answer that changes between the check
 * and the connection (DNS rebinding) cannot move it. Throws `GatewayAddressRefused`; a
 * name that does not resolve throws the resolver's error (worth another try).
 */
export async function gatewayAddress(
  url: string,
  policy: GatewayPolicy,
  resolve: Resolver = systemResolver,
): Promise<ResolvedAddress> {
  // Names are judged by what they resolve to, here and now.
  const problem = urlProblem(url, policy, true);
  if (problem) throw new GatewayAddressRefused(problem);
  const host = hostOf(new URL(url));
  const addresses =
    isIP(host) !== 0 ? [{ address: host, family: isIP(host) === 6 ? 6 : 4 } as const] : await resolve(host);
  const first = addresses[0];
  if (!first) throw new GatewayAddressRefused(`${host} 没有解析到地址`);
  for (const { address } of addresses) {
    if (policy.allowLoopback && isLoopback(address)) continue;
    if (!isPublicAddress(address)) throw new GatewayAddressRefused(`${host} 解析到非公网地址 ${address}`);
  }
  return first;
}
