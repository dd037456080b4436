import { describe, expect, it } from 'vitest';
import { dnsNodes, nodeKey, nodeSource } from '../../verify/nodes.js';
import { stickyCookieOf } from '../../verify/send.js';

const lookup = (answers: Record<string, { address: string; family: number }[]>) => (host: string) =>
  answers[host]
    ? Promise.resolve(answers[host])
    : Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }));

const ALB = {
  'demo-alb-1.ap-northeast-1.elb.amazonaws.com': [
    { address: '13.112.0.10', family: 4 },
    { address: '54.65.0.20', family: 4 },
    { address: '2406:da14::a', family: 6 },
    { address: '13.112.0.10', family: 4 },
  ],
};

describe('load balancer nodes', () => {
  it('Given a name with A and AAAA records, then every distinct address is a node on the URL port', async () => {
    const nodes = await dnsNodes('demo-alb-1.ap-northeast-1.elb.amazonaws.com', 80, lookup(ALB));
    expect(nodes).toEqual([
      { address: '13.112.0.10', port: 80 },
      { address: '54.65.0.20', port: 80 },
      { address: '2406:da14::a', port: 80 },
    ]);
    expect(nodes.map(nodeKey)).toEqual(['13.112.0.10:80', '54.65.0.20:80', '[2406:da14::a]:80']);
  });

  it('Given an IP address, then it is its own only node and nothing is looked up', async () => {
    expect(await dnsNodes('[::1]', 8080, () => Promise.reject(new Error('no lookup')))).toEqual([
      { address: '::1', port: 8080 },
    ]);
  });

  it('Given only a URL, then the nodes are its host in DNS and they may change; given --connect-to, its host instead', async () => {
    const source = nodeSource({ url: 'https://demo-alb-1.ap-northeast-1.elb.amazonaws.com/hostname' }, lookup(ALB));
    expect(source?.changes).toBe(true);
    expect((await source?.find())?.map((n) => n.port)).toEqual([443, 443, 443]);
    const pinned = nodeSource({
      url: 'http://demo-alb.elb.localhost/hostname',
      connectTo: { host: '127.0.0.1', port: 4566 },
    });
    expect(pinned?.changes).toBe(false);
    expect(await pinned?.find()).toEqual([{ address: '127.0.0.1', port: 4566 }]);
  });

  it("Given the caller's nodes, then those are used; given a test dispatcher and no nodes, the URL origin as it is", async () => {
    const nodes = [{ address: '127.0.0.2', port: 80, zone: 'az-a' }];
    expect(await nodeSource({ url: 'http://x.test/', nodes })?.find()).toEqual(nodes);
    expect(nodeSource({ url: 'http://x.test/', dispatcher: {} as never })).toBeUndefined();
  });

  it('Given Set-Cookie headers, then an ALB stickiness cookie is named and others are not', () => {
    expect(stickyCookieOf({ 'set-cookie': ['session=1', 'AWSALB=abc; Expires=Wed; Path=/'] })).toBe('AWSALB');
    expect(stickyCookieOf({ 'set-cookie': 'AWSALBAPP-0=x; Path=/' })).toBe('AWSALBAPP-0');
    expect(stickyCookieOf({ 'set-cookie': 'MYAWSALB=1' })).toBeUndefined();
    expect(stickyCookieOf({})).toBeUndefined();
  });
});
