import { SandboxError, type TaskFault } from './contracts.js';

/** The services the front serves. */
export type ServiceId = 'ecs' | 'elbv2' | 'ec2' | 'iam' | 'sts' | 'autoscaling' | 'ssm';

/**
 * A fault to inject. `service`/`operation` narrow where it applies (omitted: everywhere); `count`
 * is how many calls it affects (omitted: until cleared).
 * - `throttle`: AWS's throttling error for the service (ECS and SSM `ThrottlingException` 400,
 *   ELBv2/IAM/STS/Auto Scaling `Throttling` 400, EC2 `RequestLimitExceeded` 503); the SDK retries it.
 * - `error`: a server error, `InternalFailure` 500 (default) or `ServiceUnavailable` 503.
 * - `latency`: adds `ms` real milliseconds before the call is answered.
 * - `lose-answer`: the call is performed, then the connection is destroyed before the answer is
 *   sent, as when a connection resets after AWS acted: the SDK sees `ECONNRESET` and retries the
 *   call, which must not create a second resource. Never consumed by a call another fault fails.
 * - `task-unhealthy`: the ECS task (ARN, id or container id prefix) fails its health checks
 *   (`failing: false` heals it); unlike AWS, ECS leaves it running so the failure can be inspected
 *   (`revision-unhealthy` and `task-crash` get replaced). Applied at once, not counted.
 * Task faults that make a change go wrong (applied at once, see `TaskFault`):
 * - `task-crash` {task}: the task's server dies abruptly: connections reset, its port refuses, the
 *   load balancer answers 502 until health checks mark the target unhealthy; then ECS replaces the task.
 * - `stop-without-draining` {count?, routedForMs?}: the next `count` (1) tasks the scheduler stops
 *   are killed at once, not drained: requests in flight fail, and so do requests routed to them
 *   during `routedForMs` (AWS ms, 5000) before their targets are deregistered.
 * - `close-on-stop` {task?}: on the stop signal the container closes its open connections even with
 *   requests in flight (omitted task: every task, later ones too); pair with `task-latency`.
 * - `task-latency` {task?, ms}: each answer of the task takes `ms` real ms (0 clears it).
 * - `revision-unhealthy` {taskDefinition: 'family:revision', failing?}: that revision's tasks fail
 *   their health checks, so a deployment of it trips the circuit breaker (and rolls back).
 */
export type FaultSpec =
  | { kind: 'throttle'; service: ServiceId; operation?: string; count?: number }
  | {
      kind: 'error';
      service?: ServiceId;
      operation?: string;
      code?: 'InternalFailure' | 'ServiceUnavailable';
      count?: number;
    }
  | { kind: 'latency'; service?: ServiceId; operation?: string; ms: number; count?: number }
  | { kind: 'lose-answer'; service?: ServiceId; operation?: string; count?: number }
  | { kind: 'task-unhealthy'; task: string; failing?: boolean }
  | TaskFault;

type CallFault = Exclude<FaultSpec, { kind: 'task-unhealthy' } | TaskFault> & { remaining: number };

const taskFaultKinds = new Set<string>([
  'task-crash',
  'stop-without-draining',
  'close-on-stop',
  'task-latency',
  'revision-unhealthy',
]);

function isTaskFault(spec: FaultSpec): spec is TaskFault {
  return taskFaultKinds.has(spec.kind);
}

const throttles: Record<ServiceId, { code: string; status: number; message: string }> = {
  ecs: { code: 'ThrottlingException', status: 400, message: 'Rate exceeded' },
  elbv2: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
  iam: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
  sts: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
  ec2: { code: 'RequestLimitExceeded', status: 503, message: 'Request limit exceeded.' },
  autoscaling: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
  ssm: { code: 'ThrottlingException', status: 400, message: 'Rate exceeded' },
};

/** What the front must do to one call: wait, then maybe fail, or perform it and drop the answer. */
export type FaultEffect = { latencyMs: number; error?: SandboxError; loseAnswer?: boolean };

/** Injectable faults, from code (`sandbox.faults`) or over HTTP (`POST /_sandbox/faults`). */
export class Faults {
  private active: CallFault[] = [];

  constructor(
    private readonly setTaskFailing: (task: string, failing: boolean) => boolean,
    /** Applies a task fault; returns why it cannot (undefined: applied). */
    private readonly taskFault: (fault: TaskFault) => string | undefined = () => 'task faults need the ECS part',
    private readonly clearTaskFaults: () => void = () => undefined,
  ) {}

  /** Adds a fault. Throws when a `task-unhealthy` fault names no task. */
  add(spec: FaultSpec): void {
    if (spec.kind === 'task-unhealthy') {
      if (!this.setTaskFailing(spec.task, spec.failing ?? true)) throw new Error(`no task matches '${spec.task}'`);
      return;
    }
    if (isTaskFault(spec)) {
      const refused = this.taskFault(spec);
      if (refused) throw new Error(refused);
      return;
    }
    if ((spec.kind === 'throttle' || spec.service !== undefined) && !(String(spec.service) in throttles))
      throw new Error(`unknown service '${String(spec.service)}'`);
    if (!['throttle', 'error', 'latency', 'lose-answer'].includes(spec.kind))
      throw new Error(`unknown fault kind '${String(spec.kind)}'`);
    if (spec.kind === 'latency' && !(spec.ms >= 0)) throw new Error('latency needs ms >= 0');
    this.active.push({ ...spec, remaining: spec.count ?? Number.POSITIVE_INFINITY });
  }

  /** Removes every call fault and disarms the task faults that wait for later tasks. */
  clear(): void {
    this.active = [];
    this.clearTaskFaults();
  }

  /** The call faults still armed. */
  list(): FaultSpec[] {
    return this.active.map(({ remaining, ...spec }) => ({
      ...spec,
      ...(Number.isFinite(remaining) ? { count: remaining } : {}),
    }));
  }

  /** Consumes the faults that apply to one call. */
  take(service: ServiceId, operation: string): FaultEffect {
    const effect: FaultEffect = { latencyMs: 0 };
    const applies = (fault: CallFault) =>
      fault.remaining > 0 &&
      (fault.service === undefined || fault.service === service) &&
      (fault.operation === undefined || fault.operation === operation);
    for (const fault of this.active) {
      if (!applies(fault) || fault.kind === 'lose-answer') continue;
      if (fault.kind === 'latency') {
        effect.latencyMs += fault.ms;
      } else if (!effect.error) {
        effect.error =
          fault.kind === 'throttle' ? throttleError(service) : serverError(fault.code ?? 'InternalFailure');
      } else {
        continue;
      }
      fault.remaining -= 1;
    }
    const lose = effect.error ? undefined : this.active.find((f) => f.kind === 'lose-answer' && applies(f));
    if (lose) {
      lose.remaining -= 1;
      effect.loseAnswer = true;
    }
    this.active = this.active.filter((f) => f.remaining > 0);
    return effect;
  }
}

function throttleError(service: ServiceId): SandboxError {
  const t = throttles[service];
  return new SandboxError(t.code, t.message, t.status);
}

function serverError(code: 'InternalFailure' | 'ServiceUnavailable'): SandboxError {
  return code === 'ServiceUnavailable'
    ? new SandboxError(code, 'The request has failed due to a temporary failure of the server.', 503)
    : new SandboxError(
        code,
        'The request processing has failed because of an unknown error, exception or failure.',
        500,
      );
}
