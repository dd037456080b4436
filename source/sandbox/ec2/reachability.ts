import type { Runtime } from '../runtime.js';
import type { LoadBalancer } from '../world.js';

function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** Whether `inner` (a CIDR) lies within `outer` (a CIDR). */
export function cidrCovers(outer: string, inner: string): boolean {
  const [outerIp = '0.0.0.0', outerBits = '32'] = outer.split('/');
  const [innerIp = '0.0.0.0', innerBits = '32'] = inner.split('/');
  const bits = Number(outerBits);
  if (Number(innerBits) < bits) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (ipToInt(outerIp) & mask) >>> 0 === (ipToInt(innerIp) & mask) >>> 0;
}

/**
 * Whether the instance's security groups let the load balancer reach `port` over TCP, as on AWS:
 * an ingress rule whose source is one of the load balancer's groups, or whose CIDR covers the
 * load balancer's addresses (its interfaces' private IPs). Without one, connections time out.
 */
export function lbCanReach(rt: Runtime, lb: LoadBalancer, instanceId: string, port: number): boolean {
  const instance = rt.world.ec2.instances.find((i) => i.id === instanceId);
  if (!instance) return false;
  const marker = `ELB app/${lb.name}/`;
  const lbIps = rt.world.ec2.enis.filter((e) => e.description.startsWith(marker)).map((e) => `${e.privateIp}/32`);
  return rt.world.ec2.rules.some((rule) => {
    if (rule.egress || !instance.securityGroupIds.includes(rule.groupId)) return false;
    if (rule.protocol !== '-1' && rule.protocol !== 'tcp') return false;
    if (rule.protocol === 'tcp' && (port < rule.fromPort || port > rule.toPort)) return false;
    if (rule.sourceGroupId) return lb.securityGroupIds.includes(rule.sourceGroupId);
    const cidr = rule.cidr;
    return cidr !== undefined && lbIps.length > 0 && lbIps.every((ip) => cidrCovers(cidr, ip));
  });
}
