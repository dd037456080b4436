import { cjsInterop } from '../lib/cjs-interop.js';
import type { TargetRegistry } from './elb/targets.js';
import { autoScalingHandlers, type Scaler } from './autoscaling/index.js';
import { ec2Handlers } from './ec2/index.js';
import type { Fleet } from './ec2/fleet.js';
import { elbHandlers } from './elb/index.js';
import { iamHandlers, stsHandlers } from './iam/index.js';
import type { Runtime } from './runtime.js';
import type { QueryService } from './wire/query-protocol.js';

/**
 * The five query services with their handlers. The SDK client modules are loaded here (lazily:
 * client-ec2 alone costs ~0.6 s) because their operation schemas drive the wire format.
 */
export async function loadQueryServices(
  rt: Runtime,
  targets: TargetRegistry,
  fleet: Fleet,
  scaler: Scaler,
): Promise<QueryService[]> {
  const [sts, iam, elbv2, ec2, autoscaling] = await Promise.all([
    import('@aws-sdk/client-sts'),
    import('@aws-sdk/client-iam'),
    import('@aws-sdk/client-elastic-load-balancing-v2'),
    import('@aws-sdk/client-ec2'),
    import('@aws-sdk/client-auto-scaling'),
  ]);
  const sdk = (module: object) => cjsInterop(module) as Record<string, unknown>;
  return [
    {
      id: 'sts',
      version: '2011-06-15',
      xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
      ec2: false,
      sdk: sdk(sts),
      handlers: stsHandlers(rt),
    },
    {
      id: 'iam',
      version: '2010-05-08',
      xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/',
      ec2: false,
      sdk: sdk(iam),
      handlers: iamHandlers(rt),
    },
    {
      id: 'elbv2',
      version: '2015-12-01',
      xmlns: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
      ec2: false,
      sdk: sdk(elbv2),
      handlers: elbHandlers(rt, targets),
    },
    {
      id: 'ec2',
      version: '2016-11-15',
      xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/',
      ec2: true,
      sdk: sdk(ec2),
      handlers: ec2Handlers(rt, fleet),
    },
    {
      id: 'autoscaling',
      version: '2011-01-01',
      xmlns: 'http://autoscaling.amazonaws.com/doc/2011-01-01/',
      ec2: false,
      sdk: sdk(autoscaling),
      handlers: autoScalingHandlers(rt, scaler),
    },
  ];
}
