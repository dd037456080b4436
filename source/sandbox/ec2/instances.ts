import type {
  DescribeInstancesRequest,
  DescribeInstancesResult,
  Instance as SdkInstance,
  TerminateInstancesRequest,
  TerminateInstancesResult,
} from '@aws-sdk/client-ec2';
import { paginate } from '../paginate.js';
import type { Runtime } from '../runtime.js';
import type { Instance, Tag } from '../world.js';
import { groupRefs, requireIds } from './describe.js';
import { applyFilters } from './filters.js';
import { instanceState, type Fleet, type InstanceState } from './fleet.js';
import { instanceType } from './instance-types.js';

const stateCodes: Record<InstanceState, number> = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48 };

/** The seeded instances' tags, as the ECS-optimized launch gives them. */
function tags(i: Instance): Tag[] {
  return i.launched ? i.launched.tags : [{ Key: 'Name', Value: 'ECS Instance - ecs-demo' }];
}

function render(rt: Runtime, i: Instance): SdkInstance {
  const l = i.launched;
  const state = instanceState(i);
  const type = l?.instanceType ?? 't3.small';
  const gone = state === 'terminated';
  return {
    InstanceId: i.id,
    ImageId: l?.imageId ?? 'ami-0abc00000000ec501',
    InstanceType: type as SdkInstance['InstanceType'],
    Architecture: l?.architecture ?? instanceType(type)?.architecture ?? 'x86_64',
    State: { Code: stateCodes[state], Name: state },
    ...(l?.terminatingAt !== undefined
      ? {
          StateReason: {
            Code: 'Client.UserInitiatedShutdown',
            Message: 'Client.UserInitiatedShutdown: User initiated shutdown',
          },
        }
      : {}),
    LaunchTime: l ? new Date(l.launchTime) : undefined,
    ...(gone ? {} : { SubnetId: i.subnetId, VpcId: i.vpcId, PrivateIpAddress: i.privateIp }),
    ...(l?.publicIp && !gone ? { PublicIpAddress: l.publicIp } : {}),
    Placement: { AvailabilityZone: i.az, Tenancy: 'default' },
    SecurityGroups: gone ? [] : groupRefs(rt, i.securityGroupIds),
    ...(l?.iamInstanceProfileArn
      ? { IamInstanceProfile: { Arn: l.iamInstanceProfileArn, Id: `AIPA${i.id.slice(2, 19).toUpperCase()}` } }
      : {}),
    MetadataOptions: {
      State: 'applied',
      HttpTokens: (l?.metadataOptions.httpTokens ?? 'required') as 'required',
      HttpPutResponseHopLimit: l?.metadataOptions.httpPutResponseHopLimit ?? 2,
      HttpEndpoint: (l?.metadataOptions.httpEndpoint ?? 'enabled') as 'enabled',
    },
    Tags: tags(i),
  };
}

/**
 * EC2 DescribeInstances: the seeded container instances (running) and those Auto Scaling launched
 * (pending → running, shutting-down → terminated, terminated ones shown for a while as on AWS).
 */
export function describeInstances(rt: Runtime, fleet: Fleet, input: DescribeInstancesRequest): DescribeInstancesResult {
  fleet.sweep();
  const all = rt.world.ec2.instances;
  requireIds(
    'instance',
    'InvalidInstanceID.NotFound',
    input.InstanceIds,
    all.map((i) => i.id),
  );
  let instances = all.filter((i) => !input.InstanceIds?.length || input.InstanceIds.includes(i.id));
  instances = applyFilters(
    instances,
    input.Filters,
    {
      'instance-id': (i) => [i.id],
      'vpc-id': (i) => [i.vpcId],
      'subnet-id': (i) => [i.subnetId],
      'instance-state-name': (i) => [instanceState(i)],
      'availability-zone': (i) => [i.az],
      'instance.group-id': (i) => i.securityGroupIds,
      'instance-type': (i) => [i.launched?.instanceType ?? 't3.small'],
      'image-id': (i) => [i.launched?.imageId ?? 'ami-0abc00000000ec501'],
    },
    tags,
  );
  const { page, next } = paginate(instances, input.NextToken, input.MaxResults, { min: 5, max: 1000 });
  return {
    Reservations: page.map((i) => ({
      ReservationId: `r-0${i.id.slice(-16).padStart(16, '0')}`,
      OwnerId: rt.accountId,
      Instances: [render(rt, i)],
    })),
    NextToken: next,
  };
}

/** EC2 TerminateInstances: shutting-down, then terminated; a terminated one stays terminated. */
export function terminateInstances(
  rt: Runtime,
  fleet: Fleet,
  input: TerminateInstancesRequest,
): TerminateInstancesResult {
  const all = rt.world.ec2.instances;
  requireIds(
    'instance',
    'InvalidInstanceID.NotFound',
    input.InstanceIds,
    all.map((i) => i.id),
  );
  return {
    TerminatingInstances: (input.InstanceIds ?? []).map((id) => {
      const instance = all.find((i) => i.id === id) as Instance;
      const before = instanceState(instance);
      if (instance.launched) fleet.terminate(instance);
      const after = instanceState(instance);
      return {
        InstanceId: id,
        PreviousState: { Code: stateCodes[before], Name: before },
        CurrentState: { Code: stateCodes[after], Name: after },
      };
    }),
  };
}
