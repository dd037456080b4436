import type { RecordedResource } from '../../model/resources.js';

const names: Record<RecordedResource['kind'], string> = {
  'security-group': 'security group',
  'ingress-rule': 'ingress rule',
  'target-group': 'target group',
  'load-balancer': 'load balancer',
  listener: 'listener',
  'listener-rule': 'listener rule',
  'service-linked-role': 'service-linked role',
  'task-definition': 'task definition',
  service: 'ECS service',
  'iam-role': 'IAM role',
  'instance-profile': 'instance profile',
  'launch-template': 'launch template',
  'ecs-cluster': 'ECS cluster',
  'auto-scaling-group': 'Auto Scaling group',
  'capacity-provider': 'capacity provider',
};

/**
 * A resource kind in words (`IAM role`, `Auto Scaling group`), so lines such as `created IAM role
 * demo-ecs-instance` and `created instance profile demo-ecs-instance` tell same-named resources apart.
 */
export function kindName(kind: RecordedResource['kind']): string {
  return names[kind];
}
