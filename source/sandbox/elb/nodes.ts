import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Runtime } from '../runtime.js';
import type { Eni, LoadBalancer } from '../world.js';

/** One node of a load balancer: one per subnet (so per AZ), on the loopback address of its interface. */
export type NodeSpec = { subnetId: string; zone: string; address: string };

/**
 * The loopback address a load balancer node listens on, taken from its interface's private IP
 * (`172.31.5.10` → `127.31.5.10`): each node of a load balancer gets its own, all of them in
 * 127.0.0.0/8, which reaches this machine. It stands for the node's public address too.
 */
export function nodeAddress(privateIp: string): string {
  const [, b = '0', c = '0', d = '1'] = privateIp.split('.');
  return `127.${b}.${c}.${d}`;
}

/** The description of a load balancer's network interfaces, as AWS writes it: `ELB app/<name>/<id>`. */
export function eniDescription(lb: LoadBalancer): string {
  return `ELB app/${lb.name}/${lb.arn.split('/').pop() ?? ''}`;
}

/** The load balancer's nodes in the order of its subnets, each with its interface's address. */
export function lbNodes(rt: Runtime, lb: LoadBalancer): NodeSpec[] {
  const marker = eniDescription(lb);
  const enis = rt.world.ec2.enis.filter((e: Eni) => e.description === marker && e.goneAt === undefined);
  return lb.subnetIds.flatMap((subnetId) => {
    const eni = enis.find((e) => e.subnetId === subnetId);
    const zone = eni?.az ?? rt.world.ec2.subnets.find((s) => s.id === subnetId)?.az;
    if (!zone) return [];
    return [{ subnetId, zone, address: eni ? nodeAddress(eni.privateIp) : '127.0.0.1' }];
  });
}

function listenOn(server: Server, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(0, host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * Listens on `address` with a port the OS picks. Where that loopback address cannot be bound
 * (macOS gives only 127.0.0.1 unless aliases are added), listens on 127.0.0.1 instead: the node
 * is then told apart by its port alone.
 */
export async function listenNode(server: Server, address: string): Promise<{ address: string; port: number }> {
  try {
    const bound = await listenOn(server, address);
    return { address: bound.address, port: bound.port };
  } catch (error) {
    if (address === '127.0.0.1') throw error;
    const bound = await listenOn(server, '127.0.0.1');
    return { address: bound.address, port: bound.port };
  }
}
