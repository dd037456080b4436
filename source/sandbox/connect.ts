import type { LoadBalancerNode } from '../model/load-balancer.js';
import { readOwner } from './persist/owner.js';
import { getJson, resolveOver } from './resolve-over.js';
import { startSandbox, type SandboxOptions } from './start.js';
import type { Inventory } from './world.js';

/** A sandbox to talk to: one `sandbox serve` already runs on the state dir, or one started here. */
export type SandboxConnection = {
  endpoint: string;
  region: string;
  accountId: string;
  /** True when this process started the sandbox (it stops on `close()`). */
  embedded: boolean;
  /** The load balancer's nodes for its DNS name and listener port (empty for an unknown name). */
  resolveLoadBalancer(host: string, port: number): Promise<LoadBalancerNode[]>;
  inventory(): Promise<Inventory>;
  /** Stops the sandbox if this process started it; leaves a shared `sandbox serve` running. */
  close(): Promise<void>;
};

/**
 * For the CLI's `--sandbox`: uses the `sandbox serve` running on `stateDir` if there is one (found
 * through its `server.json`, checked over HTTP), else starts a sandbox in this process.
 */
export async function connectSandbox(
  stateDir: string,
  options: Omit<SandboxOptions, 'stateDir' | 'mode'> = {},
): Promise<SandboxConnection> {
  const owner = await readOwner(stateDir);
  if (owner?.mode === 'serve') {
    const info = await getJson(`${owner.endpoint}/_sandbox/info`).catch((error: unknown) => {
      throw new Error(`the sandbox at ${owner.endpoint} (process ${owner.pid}) does not answer`, { cause: error });
    });
    const { region, accountId } = info.body as { region: string; accountId: string };
    return {
      endpoint: owner.endpoint,
      region,
      accountId,
      embedded: false,
      resolveLoadBalancer: (host, port) => resolveOver(owner.endpoint, host, port),
      inventory: async () => (await getJson(`${owner.endpoint}/_sandbox/inventory`)).body as Inventory,
      close: () => Promise.resolve(),
    };
  }
  const sandbox = await startSandbox({ ...options, stateDir, mode: 'embedded' });
  return {
    endpoint: sandbox.endpoint,
    region: sandbox.region,
    accountId: sandbox.accountId,
    embedded: true,
    resolveLoadBalancer: (host, port) => Promise.resolve(sandbox.resolveLoadBalancer(host, port)),
    inventory: () => Promise.resolve(sandbox.inventory()),
    close: () => sandbox.close(),
  };
}
