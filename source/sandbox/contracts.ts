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
}

/** What the front needs from ECS: health faults and the inventory. */
export interface EcsControl {
  /**
   * Makes a task fail its health checks (its server answers 500 on every path) or recover.
   * `task` is a task ARN, task id, or container id prefix. Returns false when no task matches.
   */
  setTaskFailing(task: string, failing: boolean): boolean;
  /** Live ECS resources (INACTIVE services and task definitions excluded). */
  inventory(): Record<string, unknown[]>;
}

/** An EC2 instance of the seeded world, as ECS sees it (one container instance each). */
export type SeedInstance = { id: string; privateIp: string; subnet: string; az: string };

/** What the front gives the ECS part. */
export interface EcsContext {
  clock: SandboxClock;
  elb: ElbTargets;
  region: string;
  accountId: string;
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
  /** JSON-serialisable ECS state, saved by the front and handed back as `restored`. */
  snapshot(): unknown;
  /** Brings the data plane up (restored RUNNING tasks restart on new ports, same container ids). */
  start(): Promise<void>;
  /** Stops every task server and timer. State stays as it was (a restart restores it). */
  close(): Promise<void>;
}
