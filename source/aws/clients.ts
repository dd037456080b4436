import type { ECSClient } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { STSClient } from '@aws-sdk/client-sts';
import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { cjsInterop } from '../lib/cjs-interop.js';
import { CallWatch, type CallWatchOptions } from './call-watch.js';
import { defaultRequestPolicy, retryDelayMs, type RequestPolicy } from './request-policy.js';

/** The seven SDK clients the wizard uses, sharing one configuration, plus the resolved region. */
export type AwsClients = {
  region: string;
  /**
   * Where calls go when not AWS itself: the `--endpoint-url`, or `sandbox` for the local sandbox
   * (whose port changes between runs). Saved with the stack so it is not mixed with another.
   */
  endpointUrl?: string;
  ecs: ECSClient;
  elbv2: ElasticLoadBalancingV2Client;
  ec2: EC2Client;
  iam: IAMClient;
  sts: STSClient;
  /** For `--create-cluster`: the instances' Auto Scaling group. */
  autoScaling: AutoScalingClient;
  /** For `--create-cluster`: the ECS-optimized AMI id from SSM's public parameters. */
  ssm: SSMClient;
  /** Every call of these clients; a command shows the slow ones while they run. */
  calls: CallWatch;
};

export type ClientOptions = {
  region?: string;
  profile?: string;
  endpointUrl?: string;
  /** Static credentials (only for local endpoints); otherwise the SDK's default chain is used. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Timeouts and retries of every request (default `defaultRequestPolicy`). */
  requestPolicy?: Partial<RequestPolicy>;
  /** When a call counts as slow enough to show (default: after 3 s, then every second). */
  callWatch?: CallWatchOptions;
};

/**
 * Builds every client with one shared config: region, the default credential chain (or
 * `--profile`), `--endpoint-url`, a connection and a request timeout on every request, and
 * retries with a capped backoff (`RequestPolicy`). The SDK packages are imported here, lazily, so
 * commands that never call AWS start fast.
 */
export async function createAwsClients(options: ClientOptions = {}): Promise<AwsClients> {
  const policy = { ...defaultRequestPolicy, ...options.requestPolicy };
  const [ecs, elbv2, ec2, iam, sts, autoScaling, ssm, retry] = await Promise.all([
    import('@aws-sdk/client-ecs').then(cjsInterop),
    import('@aws-sdk/client-elastic-load-balancing-v2').then(cjsInterop),
    import('@aws-sdk/client-ec2').then(cjsInterop),
    import('@aws-sdk/client-iam').then(cjsInterop),
    import('@aws-sdk/client-sts').then(cjsInterop),
    import('@aws-sdk/client-auto-scaling').then(cjsInterop),
    import('@aws-sdk/client-ssm').then(cjsInterop),
    import('@smithy/core/retry').then(cjsInterop),
  ]);
  const config = {
    ...(options.region ? { region: options.region } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    maxAttempts: policy.maxAttempts,
    retryStrategy: new retry.ConfiguredRetryStrategy(policy.maxAttempts, (attempt: number) =>
      retryDelayMs(policy, attempt),
    ),
    requestHandler: {
      connectionTimeout: policy.connectionTimeoutMs,
      requestTimeout: policy.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  };
  const stsClient = new sts.STSClient(config);
  let region: string;
  try {
    region = await stsClient.config.region();
  } catch (cause) {
    throw new Error('resolve the AWS region: pass --region, set AWS_REGION, or set region in your profile', { cause });
  }
  stsClient.destroy();
  const shared = { ...config, region };
  const calls = new CallWatch(options.callWatch ?? { afterMs: 3_000, everyMs: 1_000 });
  const clients = {
    ecs: new ecs.ECSClient(shared),
    elbv2: new elbv2.ElasticLoadBalancingV2Client(shared),
    ec2: new ec2.EC2Client(shared),
    iam: new iam.IAMClient(shared),
    sts: new sts.STSClient(shared),
    autoScaling: new autoScaling.AutoScalingClient(shared),
    ssm: new ssm.SSMClient(shared),
  };
  calls.attach(clients.ecs);
  calls.attach(clients.elbv2);
  calls.attach(clients.ec2);
  calls.attach(clients.iam);
  calls.attach(clients.sts);
  calls.attach(clients.autoScaling);
  calls.attach(clients.ssm);
  return { region, ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}), ...clients, calls };
}

/** Closes the clients' sockets so the process can exit promptly. */
export function destroyAwsClients(clients: AwsClients): void {
  const all = [clients.ecs, clients.elbv2, clients.ec2, clients.iam, clients.sts, clients.autoScaling, clients.ssm];
  for (const client of all) client.destroy();
}
