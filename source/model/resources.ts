import type { StepId } from './steps.js';

/** A resource the wizard created, recorded the moment the create call returned. */
export type RecordedResource = {
  kind:
    | 'security-group'
    | 'ingress-rule'
    | 'target-group'
    | 'load-balancer'
    | 'listener'
    | 'listener-rule'
    | 'service-linked-role'
    | 'task-definition'
    | 'service'
    | 'iam-role'
    | 'instance-profile'
    | 'launch-template'
    | 'ecs-cluster'
    | 'auto-scaling-group'
    | 'capacity-provider';
  /** ARN or id, as AWS names it. */
  id: string;
  /** A short human label, e.g. `demo-alb` or `sg-0abc ← sg-0def tcp 32768-65535`. */
  label: string;
  step: StepId;
  createdAt: string;
  /** Extra identifiers teardown needs (e.g. the group an ingress rule lives on). */
  details?: Record<string, string>;
  /**
   * Set when teardown found the resource by the stack's tag rather than setup recording it (a
   * crash between the create call and the record): it is saved so an interrupted teardown keeps it.
   */
  foundBy?: 'tag';
};

/** One row of the live targets table: a registered target and its health. */
export type TargetRow = {
  instanceId: string;
  port: number;
  state: 'initial' | 'healthy' | 'unhealthy' | 'unused' | 'draining' | 'unavailable';
  reason?: string;
  description?: string;
};

/**
 * One row of the live instances table while the wizard waits for the Auto Scaling group's
 * instances to register in the cluster it created.
 */
export type InstanceRow = {
  instanceId: string;
  az: string;
  /** EC2's state name: pending, running, shutting-down, terminated... */
  ec2State: string;
  /** True once the ECS agent registered it as an ACTIVE container instance. */
  registered: boolean;
};
