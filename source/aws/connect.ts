import type { LoadBalancerNode } from '../model/load-balancer.js';
import { resolveOver } from '../sandbox/resolve-over.js';
import { createAwsClients, destroyAwsClients, type AwsClients } from './clients.js';

export type ConnectOptions = {
  region?: string;
  profile?: string;
  endpointUrl?: string;
  /** Use the local sandbox (its world lives under `sandboxDir`). */
  sandbox?: boolean;
  sandboxDir?: string;
};

/** Clients ready to use, and how to let go of them (and of the sandbox, when one was started). */
export type Connection = {
  clients: AwsClients;
  /** The endpoint is a local one (loopback): waits can poll faster. */
  local: boolean;
  sandbox: boolean;
  /**
   * The nodes of a load balancer (one per AZ: address, port, zone) for its DNS name and listener
   * port, where the name does not resolve by DNS: the sandbox's `*.elb.localhost` names, with
   * `--sandbox` or an `--endpoint-url` on this machine (asked of the endpoint's `/_sandbox/resolve`).
   * An empty list means "use DNS" (an unknown name, or a local endpoint that is no sandbox).
   * Undefined for AWS and remote endpoints: DNS works there.
   */
  resolveLoadBalancer?: (host: string, port: number) => Promise<LoadBalancerNode[]>;
  close(): Promise<void>;
};

/** Builds the AWS clients for a command; the one factory the CLI hands to every command. */
export type ConnectAws = (options: ConnectOptions) => Promise<Connection>;

function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '::1' || host === '[::1]' || host.startsWith('127.');
  } catch {
    return false;
  }
}

/**
 * The real factory: AWS (default credential chain, `--profile`, `--region`), any AWS-compatible
 * `--endpoint-url`, or `--sandbox`, which starts (or joins) the local sandbox and points the same
 * SDK clients at it.
 */
export const connectAws: ConnectAws = async (options) => {
  if (options.sandbox) {
    if (!options.sandboxDir) throw new Error('connect to the sandbox: no sandbox directory');
    const { connectSandbox } = await import('../sandbox/index.js');
    const sandbox = await connectSandbox(options.sandboxDir);
    let clients: AwsClients;
    try {
      clients = await createAwsClients({
        region: options.region ?? sandbox.region,
        endpointUrl: sandbox.endpoint,
        credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
      });
    } catch (error) {
      await sandbox.close();
      throw error;
    }
    return {
      clients: { ...clients, endpointUrl: 'sandbox' },
      local: true,
      sandbox: true,
      resolveLoadBalancer: (host, port) => sandbox.resolveLoadBalancer(host, port),
      async close() {
        destroyAwsClients(clients);
        await sandbox.close();
      },
    };
  }
  const clients = await createAwsClients({
    ...(options.region ? { region: options.region } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
  });
  const { endpointUrl } = options;
  const local = endpointUrl !== undefined && isLoopback(endpointUrl);
  return {
    clients,
    local,
    sandbox: false,
    // A `sandbox serve` listens on loopback only: only a local endpoint can be one.
    ...(local && endpointUrl !== undefined
      ? { resolveLoadBalancer: (host: string, port: number) => resolveOver(endpointUrl, host, port) }
      : {}),
    close() {
      destroyAwsClients(clients);
      return Promise.resolve();
    },
  };
};
