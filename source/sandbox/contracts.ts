/**
 * The seams between the sandbox's parts: the API front (protocols, EC2/IAM/STS/ELBv2, state,
 * clock, faults, load balancer data plane) and ECS (control plane, tasks as local servers).
 */

/** An error AWS would send: `code` is AWS's error code, `status` the HTTP status. */
export class SandboxError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

/** Sandbox time: AWS durations run `timeScale` times faster in real time. */
export interface SandboxClock {
  readonly timeScale: number;
  /** Real milliseconds for an AWS duration in milliseconds. */
  real(awsMs: number): number;
  /** Sleeps for an AWS duration (scaled). Rejects with the signal's reason when aborted. */
  sleep(awsMs: number, signal?: AbortSignal): Promise<void>;
  now(): Date;
}

/** A target as ELBv2 knows it: instance id + port (bridge mode, target type `instance`). */
export type TargetRef = { id: string; port: number };

/** What ECS needs from ELBv2. Implemented by the ELBv2 part, used by the ECS part. */
export interface ElbTargets {
  /** A target group by ARN, with whether a listener or rule forwards to it. */
  describeTargetGroup(arn: string):
    | {
        arn: string;
        name: string;
        targetType: string;
        /** True once a listener default action or a rule forwards to it. */
        associated: boolean;
        loadBalancerArns: string[];
        deregistrationDelaySeconds: number;
      }
    | undefined;
  /** Registers a target; health checks start at `initial`. Idempotent. */
  register(targetGroupArn: string, target: TargetRef): void;
  /**
   * Starts draining the target; resolves once the deregistration delay has passed and the target
   * is gone. `immediate` removes it at once (its server already died, e.g. on sandbox restart).
   */
  deregister(targetGroupArn: string, target: TargetRef, options?: { immediate?: boolean }): Promise<void>;
  /**
   * The target's health as DescribeTargetHealth shows it (`initial`, `healthy`, `unhealthy`,
   * `draining`, `unused`, `unavailable`); undefined when the group or the target is unknown.
   * ECS reads it to wait for new tasks to be healthy before it stops old ones.
   */
  health(targetGroupArn: string, target: TargetRef): TargetHealthState | undefined;
  /** Calls `listener` whenever a registered target's health state changes. */
  onHealthChange(listener: (targetGroupArn: string, target: TargetRef, state: TargetHealthState) => void): void;
}

/** ELBv2's target health states. */
export type TargetHealthState = 'initial' | 'healthy' | 'unhealthy' | 'draining' | 'unused' | 'unavailable';

/**
 * A fault injected into ECS tasks (see `FaultSpec`): `task` is a task ARN, task id or container id prefix.
 * - `task-crash`: the task's servers die at once (connections reset, port refused).
 * - `stop-without-draining`: the next `count` (default 1) tasks the scheduler stops are killed at
 *   once, without draining; their targets stay routed `routedForMs` AWS ms (default 5000) more.
 * - `close-on-stop`: the task (omitted: every task, also ones started later) drops its open
 *   connections on the stop signal instead of finishing the requests in flight.
 * - `task-latency`: every answer of the task (omitted: every task, also later ones) takes `ms`
 *   real ms, so requests are in flight when it stops (0 clears it).
 * - `revision-unhealthy`: tasks of `taskDefinition` (`family:revision`) fail their health checks
 *   (`failing: false` heals the revision).
 */
export type TaskFault =
  | { kind: 'task-crash'; task: string }
  | { kind: 'stop-without-draining'; count?: number; routedForMs?: number }
  | { kind: 'close-on-stop'; task?: string }
  | { kind: 'task-latency'; task?: string; ms: number }
  | { kind: 'revision-unhealthy'; taskDefinition: string; failing?: boolean };

/** What the front needs from ECS: health faults and the inventory. */
export interface EcsControl {
  /**
   * Makes a task fail its health checks (its server answers 500 on every path) or recover.
   * `task` is a task ARN, task id, or container id prefix. Returns false when no task matches.
   */
  setTaskFailing(task: string, failing: boolean): boolean;
  /** Injects a task fault; returns why it cannot (no task matches, ...), or undefined once applied. */
  taskFault(fault: TaskFault): string | undefined;
  /** Disarms the task faults that wait for later tasks (unhealthy revisions, stops without draining, close on stop, latency) and heals failing revisions. */
  clearTaskFaults(): void;
  /** Live ECS resources (INACTIVE services and task definitions excluded). */
  inventory(): Record<string, unknown[]>;
}

/** An EC2 instance of the seeded world, as ECS sees it (one container instance each). */
export type SeedInstance = { id: string; privateIp: string; subnet: string; az: string };

/**
 * An EC2 instance launched by an Auto Scaling group whose ECS agent has started: it read
 * `ECS_CLUSTER` (and `ECS_DYNAMIC_HOST_PORT_RANGE`) from `/etc/ecs/ecs.config` as its user data wrote it.
 */
export type BootedInstance = SeedInstance & {
  instanceType: string;
  /** CPU units (1024 per vCPU) and memory (MiB) the agent registers, as ECS reports them for the type. */
  cpu: number;
  memoryMiB: number;
  architecture: 'x86_64' | 'arm64';
  /** The cluster its agent registers with (`default` when the user data names none, as the agent does). */
  cluster: string;
  /** `ECS_DYNAMIC_HOST_PORT_RANGE` when set, e.g. `32768-65535`: host ports the agent hands out. */
  hostPortRange?: { from: number; to: number };
  /** The Auto Scaling group that launched it. */
  autoScalingGroupName?: string;
};

/** An Auto Scaling group as ECS sees it through a capacity provider. Implemented by the front. */
export type AutoScalingGroupView = {
  arn: string;
  name: string;
  /** `NewInstancesProtectedFromScaleIn`: managed termination protection requires it. */
  newInstancesProtectedFromScaleIn: boolean;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
};

/** What ECS needs from EC2 Auto Scaling. Implemented by the front, used by the ECS part. */
export interface AutoScalingGroups {
  /** A group by ARN or name; undefined when there is none (or it is being deleted). */
  describe(arnOrName: string): AutoScalingGroupView | undefined;
}

/**
 * The ECS agents of booted instances, as the front drives them. Implemented by the ECS part. On
 * AWS an agent whose cluster does not exist keeps retrying and never registers; so here.
 */
export interface EcsAgents {
  /**
   * The agent on `instance` registers it as an ACTIVE container instance of `instance.cluster`
   * (idempotent per EC2 instance id). Returns false, registering nothing, when no ACTIVE cluster has that name.
   */
  register(instance: BootedInstance): boolean;
  /**
   * The EC2 instance is shutting down: its tasks stop (as when an instance is terminated, reason
   * `Host EC2 (instance i-…) stopped/terminated.`) and its container instance is deregistered (INACTIVE).
   */
  instanceTerminated(ec2InstanceId: string): void;
}

/** What the front gives the ECS part. */
export interface EcsContext {
  clock: SandboxClock;
  elb: ElbTargets;
  autoScaling: AutoScalingGroups;
  region: string;
  accountId: string;
  /** The seeded world's instances (registered in the seeded cluster); empty for the `empty` seed. */
  instances: readonly SeedInstance[];
  /** The ECS slice of the saved world, or undefined for a fresh (seeded) world. */
  restored: unknown;
  /** Call after every change, so the front persists the world (debounced). */
  changed(): void;
}

/** The ECS part as the front drives it. */
export interface EcsService {
  /** One ECS JSON 1.1 operation (`CreateService`, ...). Throws SandboxError with AWS's code. */
  handle(operation: string, input: Record<string, unknown>): Promise<unknown>;
  control: EcsControl;
  /** The agents of instances that booted after the seed (Auto Scaling groups' instances). */
  agents: EcsAgents;
  /** JSON-serialisable ECS state, saved by the front and handed back as `restored`. */
  snapshot(): unknown;
  /** Brings the data plane up (restored RUNNING tasks restart on new ports, same container ids). */
  start(): Promise<void>;
  /** Stops every task server and timer. State stays as it was (a restart restores it). */
  close(): Promise<void>;
}
