import { describe, expect, it } from 'vitest';
import {
  GatewayAddressRefused,
  type GatewayPolicy,
  gatewayAddress,
  gatewayPolicyFromEnv,
  gatewayUrlProblem,
  isPublicAddress,
  type Resolver,
} from './gateway-address.ts';

const platform: GatewayPolicy = {
  allowedHosts: ['sms.example.com', '*.gw.example.cn'],
  allowLoopback: false,
};
const anyHost: GatewayPolicy = { allowedHosts: ['*'], allowLoopback: false };

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '0.0.0.0',
    '10.0.0.1',
    '172.16.5.4',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '198.18.0.1',
    '::',
    '::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '0:0:0:0:0:ffff:a9fe:a9fe',
    '::ffff:10.1.2.3',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '64:ff9b::a00:1',
    '2002:7f00:1::1',
    'not an address',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '::ffff:8.8.8.8', '2400:3200::1'])(
    'accepts the public address %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );
});

describe('gatewayUrlProblem (when a store admin saves the URL)', () => {
  it.each([
    ['http://127.0.0.1:8080/send', '只支持 https 网址'],
    ['http://sms.example.com/send', '只支持 https 网址'],
    ['https://169.254.169.254/latest/meta-data', '不能指向内网、本机或保留地址'],
    ['https://10.0.0.1/send', '不能指向内网、本机或保留地址'],
    ['https://[::1]/send', '不能指向本机地址'],
    ['https://[::ffff:127.0.0.1]/send', '不能指向本机地址'],
    ['https://[fe80::1]/send', '不能指向内网、本机或保留地址'],
    ['https://0x7f000001/send', '不能指向本机地址'],
    ['https://2130706433/send', '不能指向本机地址'],
    ['https://localhost/send', '不能指向本机地址'],
    ['https://api.localhost/send', '不能指向本机地址'],
    ['https://user:pw@sms.example.com/send', '网址中不能包含用户名或密码'],
    ['https://evil.example.org/send', '网关主机 evil.example.org 不在平台允许的名单内'],
    ['https://sms.example.com.evil.org/send', '网关主机 sms.example.com.evil.org 不在平台允许的名单内'],
    ['https://gw.example.cn/send', '网关主机 gw.example.cn 不在平台允许的名单内'],
    ['ftp://sms.example.com/send', '只支持 https 网址'],
  ])('refuses %s: %s', (url, reason) => {
    expect(gatewayUrlProblem(url, platform)).toBe(reason);
  });

  it.each([
    'https://sms.example.com/send',
    'https://SMS.example.com./send',
    'https://a.gw.example.cn:8443/v1',
  ])('accepts %s, a host on the platform list', (url) => {
    expect(gatewayUrlProblem(url, platform)).toBeNull();
  });

  it('with an empty list no HTTP gateway is allowed; with * any https host that is not an internal address', () => {
    const none: GatewayPolicy = { allowedHosts: [], allowLoopback: false };
    expect(gatewayUrlProblem('https://sms.example.com/send', none)).toBe(
      '平台未开放 HTTP 短信网关(SMS_GATEWAY_ALLOWED_HOSTS 为空)',
    );
    expect(gatewayUrlProblem('https://anything.example.net/send', anyHost)).toBeNull();
    expect(gatewayUrlProblem('https://93.184.216.34/send', anyHost)).toBeNull();
    expect(gatewayUrlProblem('https://192.168.0.10/send', anyHost)).toBe('不能指向内网、本机或保留地址');
  });

  it('allows a gateway on this machine over http only when the loopback switch is on, and never a private one', () => {
    const dev: GatewayPolicy = { allowedHosts: [], allowLoopback: true };
    expect(gatewayUrlProblem('http://127.0.0.1:4000/send', dev)).toBeNull();
    expect(gatewayUrlProblem('http://localhost:4000/send', dev)).toBeNull();
    expect(gatewayUrlProblem('http://10.0.0.1/send', dev)).toBe('只支持 https 网址');
    expect(gatewayUrlProblem('https://169.254.169.254/send', dev)).toBe('不能指向内网、本机或保留地址');
  });

  it('reads the policy from the environment; the loopback switch is off in production', () => {
    expect(
      gatewayPolicyFromEnv({
        SMS_GATEWAY_ALLOWED_HOSTS: ' SMS.example.com, *.gw.example.cn ,',
        NODE_ENV: 'test',
      }),
    ).toEqual({ allowedHosts: ['sms.example.com', '*.gw.example.cn'], allowLoopback: false });
    expect(
      gatewayPolicyFromEnv({ SMS_GATEWAY_ALLOW_LOOPBACK: 'true', NODE_ENV: 'production' }).allowLoopback,
    ).toBe(false);
    expect(gatewayPolicyFromEnv({ SMS_GATEWAY_ALLOW_LOOPBACK: 'true', NODE_ENV: 'test' }).allowLoopback).toBe(
      true,
    );
  });
});

describe('gatewayAddress (at send time, after resolving the name)', () => {
  const answers =
    (table: Record<string, string[]>): Resolver =>
    async (host) =>
      (table[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it('returns the checked address of an allowed name that resolves to public addresses only', async () => {
    const resolve = answers({ 'sms.example.com': ['93.184.216.34', '2606:2800:220:1::1'] });
    expect(await gatewayAddress('https://sms.example.com/send', platform, resolve)).toEqual({
      address: '93.184.216.34',
      family: 4,
    });
  });

  it.each([
    ['loopback', ['127.0.0.1'], 'sms.example.com 解析到非公网地址 127.0.0.1'],
    ['the metadata service', ['169.254.169.254'], 'sms.example.com 解析到非公网地址 169.254.169.254'],
    [
      'a private address beside a public one',
      ['93.184.216.34', '10.0.0.7'],
      'sms.example.com 解析到非公网地址 10.0.0.7',
    ],
    ['IPv6 loopback', ['::1'], 'sms.example.com 解析到非公网地址 ::1'],
    ['an IPv4-mapped loopback', ['::ffff:127.0.0.1'], 'sms.example.com 解析到非公网地址 ::ffff:127.0.0.1'],
    ['nothing', [], 'sms.example.com 没有解析到地址'],
  ])('refuses an allowed name that resolves to %s', async (_, addresses, reason) => {
    const send = gatewayAddress(
      'https://sms.example.com/send',
      platform,
      answers({ 'sms.example.com': addresses }),
    );
    await expect(send).rejects.toThrow(GatewayAddressRefused);
    await expect(send).rejects.toThrow(reason);
  });

  it('refuses a URL the policy refuses before asking the resolver', async () => {
    let asked = 0;
    const resolve: Resolver = async () => {
      asked += 1;
      return [{ address: '93.184.216.34', family: 4 }];
    };
    await expect(gatewayAddress('https://evil.example.org/send', platform, resolve)).rejects.toThrow(
      '网关主机 evil.example.org 不在平台允许的名单内',
    );
    expect(asked).toBe(0);
  });
});
