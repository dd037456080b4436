import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../source/sandbox/index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** The seven SDK clients, pointed at one endpoint with dummy credentials. */
export type SandboxClients = {
  ecs: ECSClient;
  elbv2: ElasticLoadBalancingV2Client;
  ec2: EC2Client;
  iam: IAMClient;
  sts: STSClient;
  autoScaling: AutoScalingClient;
  ssm: SSMClient;
};

/** Official SDK v3 clients for `endpoint`: only `endpoint` differs from real AWS use. */
export function sandboxClients(endpoint: string, region = 'ap-northeast-1'): SandboxClients {
  const config = { endpoint, region, credentials: { accessKeyId: 'AKIASANDBOX', secretAccessKey: 'sandbox' } };
  return {
    ecs: new ECSClient(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    ec2: new EC2Client(config),
    iam: new IAMClient(config),
    sts: new STSClient(config),
    autoScaling: new AutoScalingClient(config),
    ssm: new SSMClient(config),
  };
}

export type TestSandbox = SandboxClients & {
  sandbox: Sandbox;
  stateDir: string;
  /** Stops the sandbox (world saved) and starts it again on the same state dir, new port. */
  restart(): Promise<TestSandbox>;
  /** Stops the sandbox and removes its temp state dir (unless `stateDir` was given). */
  close(): Promise<void>;
};

/**
 * Starts a sandbox in this process on 127.0.0.1, port 0, in a fresh temp state dir (or `stateDir`),
 * with a fast clock (default 600: AWS minutes take 100 ms), and returns SDK clients for it.
 * `instanceZones` seeds the cluster's instances in those AZs (one each) instead of the memo's two;
 * `seed: 'empty'` starts from only the default VPC; `ecs` builds the ECS part differently (a fake).
 * Always `close()` it (e.g. in `afterEach`).
 */
export async function startTestSandbox(
  options: {
    timeScale?: number;
    stateDir?: string;
    instanceZones?: readonly string[];
    seed?: SandboxOptions['seed'];
    ecs?: SandboxOptions['ecs'];
  } = {},
): Promise<TestSandbox> {
  const ownsDir = options.stateDir === undefined;
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'sandbox-test-')));
  const timeScale = options.timeScale ?? 600;
  const sandbox = await startSandbox({
    stateDir,
    timeScale,
    ...(options.instanceZones ? { instanceZones: options.instanceZones } : {}),
    ...(options.seed ? { seed: options.seed } : {}),
    ...(options.ecs ? { ecs: options.ecs } : {}),
  });
  const clients = sandboxClients(sandbox.endpoint, sandbox.region);
  const destroyClients = () => {
    for (const client of Object.values(clients)) client.destroy();
  };
  return {
    ...clients,
    sandbox,
    stateDir,
    async restart() {
      await sandbox.close();
      destroyClients();
      const next = await startTestSandbox({ timeScale, stateDir, ...(options.ecs ? { ecs: options.ecs } : {}) });
      return {
        ...next,
        close: async () => {
          await next.close();
          if (ownsDir) await rm(stateDir, { recursive: true, force: true });
        },
      };
    },
    async close() {
      await sandbox.close();
      destroyClients();
      if (ownsDir) await rm(stateDir, { recursive: true, force: true });
    },
  };
}
