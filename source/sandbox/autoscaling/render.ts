import type { Activity, AutoScalingGroup as SdkGroup, Instance as SdkInstance } from '@aws-sdk/client-auto-scaling';
import { instanceState } from '../ec2/fleet.js';
import type { Runtime } from '../runtime.js';
import type { AutoScalingGroup, Instance, ScalingActivity } from '../world.js';

const lifecycle = {
  pending: 'Pending',
  running: 'InService',
  'shutting-down': 'Terminating',
  terminated: 'Terminated',
} as const;

/** The service-linked role Auto Scaling acts with. */
export function serviceLinkedRoleArn(rt: Runtime): string {
  return `arn:aws:iam::${rt.accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
}

function renderInstance(i: Instance): SdkInstance {
  const l = i.launched;
  return {
    InstanceId: i.id,
    InstanceType: l?.instanceType,
    AvailabilityZone: i.az,
    LifecycleState: lifecycle[instanceState(i)],
    HealthStatus: 'Healthy',
    ProtectedFromScaleIn: l?.protectedFromScaleIn ?? false,
    ...(l?.launchTemplate
      ? {
          LaunchTemplate: {
            LaunchTemplateId: l.launchTemplate.id,
            LaunchTemplateName: l.launchTemplate.name,
            Version: l.launchTemplate.version,
          },
        }
      : {}),
  };
}

/** A group as DescribeAutoScalingGroups shows it (Status "Delete in progress" during a forced delete). */
export function renderGroup(rt: Runtime, g: AutoScalingGroup, members: Instance[]): SdkGroup {
  const zones = [
    ...new Set(
      g.subnetIds.map((id) => rt.world.ec2.subnets.find((s) => s.id === id)?.az).filter((z) => z !== undefined),
    ),
  ];
  return {
    AutoScalingGroupName: g.name,
    AutoScalingGroupARN: g.arn,
    LaunchTemplate: {
      LaunchTemplateId: g.launchTemplate.id,
      LaunchTemplateName: g.launchTemplate.name,
      Version: g.launchTemplate.version,
    },
    MinSize: g.minSize,
    MaxSize: g.maxSize,
    DesiredCapacity: g.desiredCapacity,
    DefaultCooldown: g.defaultCooldown,
    AvailabilityZones: zones,
    HealthCheckType: g.healthCheckType,
    HealthCheckGracePeriod: g.healthCheckGracePeriod,
    Instances: members.map(renderInstance),
    CreatedTime: new Date(g.createdTime),
    VPCZoneIdentifier: g.subnetIds.join(','),
    ...(g.deleting ? { Status: 'Delete in progress' } : {}),
    Tags: g.tags.map((t) => ({ ResourceId: g.name, ResourceType: 'auto-scaling-group', ...t })),
    TerminationPolicies: ['Default'],
    NewInstancesProtectedFromScaleIn: g.newInstancesProtectedFromScaleIn,
    ServiceLinkedRoleARN: serviceLinkedRoleArn(rt),
    CapacityRebalance: false,
    SuspendedProcesses: [],
    EnabledMetrics: [],
    LoadBalancerNames: [],
    TargetGroupARNs: [],
  };
}

/** An activity as DescribeScalingActivities shows it: InProgress until it ends. */
export function renderActivity(g: AutoScalingGroup | undefined, a: ScalingActivity): Activity {
  const done = Date.now() >= a.endAt;
  return {
    ActivityId: a.id,
    AutoScalingGroupName: a.groupName,
    AutoScalingGroupARN: g?.arn,
    Description: a.description,
    Cause: a.cause,
    StartTime: new Date(a.startTime),
    ...(done ? { EndTime: new Date(a.endAt), StatusCode: a.status } : { StatusCode: 'InProgress' }),
    ...(a.statusMessage ? { StatusMessage: a.statusMessage } : {}),
    Progress: done ? 100 : 50,
    Details: a.details,
  };
}
