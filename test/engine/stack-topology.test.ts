import { describe, expect, it } from 'vitest';
import { stackNodes } from '../../source/engine/stack-nodes.js';
import { addressesOf, eniDescription, topologyOf } from '../../source/engine/stack-topology.js';

describe('the load balancer topology a stack verification reads', () => {
  it("Given an ALB's ARN, then its interfaces' description is ELB app/<name>/<id>", () => {
    expect(
      eniDescription(
        'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/demo-alb/50dc6c495c0c9188',
      ),
    ).toBe('ELB app/demo-alb/50dc6c495c0c9188');
  });

  it('Given an interface with private, public and IPv6 addresses, then each maps to it', () => {
    const addresses = addressesOf({
      PrivateIpAddress: '10.0.1.23',
      Association: { PublicIp: '13.112.0.10' },
      PrivateIpAddresses: [{ PrivateIpAddress: '10.0.1.23', Association: { PublicIp: '13.112.0.10' } }],
      Ipv6Addresses: [{ Ipv6Address: '2406:da14::a' }],
    });
    expect(addresses).toEqual(['10.0.1.23', '13.112.0.10', '2406:da14::a']);
  });

  it.each([
    ['use_load_balancer_configuration', true],
    ['true', true],
    ['false', false],
  ])('Given cross_zone.enabled = %s on an ALB target group, then cross-zone is %s', (value, on) => {
    expect(topologyOf(new Map([['load_balancing.cross_zone.enabled', value]]), 'arn:tg').crossZone).toBe(on);
  });

  it('Given AWS defaults, then stickiness is off, round robin, no slow start; given them set, each is read', () => {
    const defaults = new Map([
      ['stickiness.enabled', 'false'],
      ['stickiness.type', 'lb_cookie'],
      ['stickiness.lb_cookie.duration_seconds', '86400'],
      ['load_balancing.algorithm.type', 'round_robin'],
      ['load_balancing.algorithm.anomaly_mitigation', 'off'],
      ['slow_start.duration_seconds', '0'],
    ]);
    expect(topologyOf(defaults, 'arn:tg')).toEqual({
      targetGroup: 'arn:tg',
      stickiness: { enabled: false, type: 'lb_cookie', durationSeconds: 86400 },
      algorithm: 'round_robin',
    });
    const set = new Map([
      ...defaults,
      ['stickiness.enabled', 'true'],
      ['load_balancing.algorithm.type', 'weighted_random'],
      ['load_balancing.algorithm.anomaly_mitigation', 'on'],
      ['slow_start.duration_seconds', '30'],
    ]);
    expect(topologyOf(set, 'arn:tg')).toMatchObject({
      stickiness: { enabled: true },
      algorithm: 'weighted_random',
      anomalyMitigation: true,
      slowStartSeconds: 30,
    });
  });

  it('Given DNS with two A records and one AAAA, then every address is a node with its AZ and subnet from the interfaces', async () => {
    const zones = new Map([
      ['13.112.0.10', { zone: 'ap-northeast-1a', subnetId: 'subnet-a' }],
      ['2406:da14::a', { zone: 'ap-northeast-1a', subnetId: 'subnet-a' }],
      ['54.65.0.20', { zone: 'ap-northeast-1c', subnetId: 'subnet-c' }],
    ]);
    const lookup = () =>
      Promise.resolve([
        { address: '13.112.0.10', family: 4 },
        { address: '54.65.0.20', family: 4 },
        { address: '2406:da14::a', family: 6 },
      ]);
    const nodes = await stackNodes('demo-alb-1.elb.amazonaws.com', 80, zones, undefined, lookup)();
    expect(nodes).toEqual([
      { address: '13.112.0.10', port: 80, zone: 'ap-northeast-1a', subnetId: 'subnet-a' },
      { address: '54.65.0.20', port: 80, zone: 'ap-northeast-1c', subnetId: 'subnet-c' },
      { address: '2406:da14::a', port: 80, zone: 'ap-northeast-1a', subnetId: 'subnet-a' },
    ]);
  });

  it('Given a resolver that knows the name (the sandbox), then its nodes are used as they are; when it does not, DNS', async () => {
    const sandbox = () => Promise.resolve([{ address: '127.0.0.2', port: 41000, zone: 'ap-northeast-1a' }]);
    expect(await stackNodes('demo.elb.localhost', 80, new Map(), sandbox)()).toEqual([
      { address: '127.0.0.2', port: 41000, zone: 'ap-northeast-1a' },
    ]);
    const none = () => Promise.resolve([]);
    const lookup = () => Promise.resolve([{ address: '127.0.0.9', family: 4 }]);
    expect(await stackNodes('x.test', 80, new Map(), none, lookup)()).toEqual([{ address: '127.0.0.9', port: 80 }]);
  });
});
