import { Box, Text } from 'ink';
import { defaults } from '../../steps/defaults.js';
import type { CapacityPreview, StackProgress } from '../port.js';

/** What a new setup creates, so nothing comes as a surprise. */
const willCreate = [
  "a security group for the load balancer; on the instances' group, one rule:",
  "  TCP 32768-65535 from the load balancer's group only (not 0-65535 from all)",
  `a target group: HTTP, instance targets, health check /hostname, ${defaults.deregistrationDelay} s drain`,
  'an internet-facing Application Load Balancer, HTTP :80 listener, /* rule',
  'the ECS service-linked role if missing; a task definition (bridge, port 0)',
  'an ECS service with 1 task (verified), then 3 tasks (verified again)',
];

/**
 * With --create-cluster, first: the cluster and its EC2 capacity, what costs money named first
 * (cluster, instances as type x count, Auto Scaling group, IAM role), each line within 80 columns.
 */
function willCreateCapacity(c: CapacityPreview | undefined): string[] {
  if (!c)
    return [
      'an ECS cluster with EC2 instances (ECS-optimized AL2023) in an Auto Scaling',
      '  group and capacity provider; their role, instance profile, security group',
    ];
  return [
    `ECS cluster ${c.cluster}`,
    `${c.instances} x ${c.instanceType} EC2 instances (ECS-optimized Amazon Linux 2023)`,
    `Auto Scaling group ${c.autoScalingGroup}, run by capacity provider ${c.capacityProvider}`,
    `IAM role ${c.instanceRole} and its instance profile, for the instances`,
    `launch template ${c.launchTemplate}, security group ${c.instanceSecurityGroup}`,
  ];
}

/** The first screen: what a new setup will create and cost, or what a part-way stack has done. */
export function StartScreen({ progress }: { progress: StackProgress }) {
  const done = progress.steps.filter((s) => s.status === 'done');
  const started = done.length > 0 || progress.resources.length > 0;
  if (!started) {
    const creating = progress.steps.some((s) => s.id === 'capacity');
    const lines = creating ? [...willCreateCapacity(progress.capacity), ...willCreate] : willCreate;
    return (
      <Box flexDirection="column">
        <Text bold>
          New setup of stack {progress.stack} in {progress.where}. It will create:
        </Text>
        {lines.map((line, i) => (
          <Text key={i}>{line.startsWith('  ') ? `    ${line.trim()}` : `  • ${line}`}</Text>
        ))}
        {progress.sandbox ? (
          <Text color="green">Everything runs in the local sandbox: no AWS account, no cost.</Text>
        ) : (
          <Text color="yellow">
            This costs money on AWS: the load balancer is billed by the hour (plus LCUs)
            {creating ? ', and so are the EC2 instances and their volumes,' : ''} until you tear it down.
          </Text>
        )}
      </Box>
    );
  }
  const failed = progress.steps.find((s) => s.status === 'failed');
  return (
    <Box flexDirection="column">
      <Text bold>
        Stack {progress.stack} in {progress.where}:{' '}
        {done.length === progress.steps.length ? 'set up' : `${done.length}/${progress.steps.length} steps done`},{' '}
        {progress.resources.length} resources recorded.
      </Text>
      <Text dimColor wrap="wrap">
        Done: {done.map((s) => s.id).join(', ') || 'nothing yet'}
      </Text>
      {failed && (
        <Text color="red">
          Stopped at {failed.id}
          {failed.error ? `: ${failed.error}` : ''}
        </Text>
      )}
      {progress.lastVerdict && <Text>Last verification: {progress.lastVerdict}</Text>}
    </Box>
  );
}
