import type { AnsweredValue } from '../../../source/model/events.js';
import type { FriendlyError } from '../../../source/model/errors.js';
import type { RecordedResource, TargetRow } from '../../../source/model/resources.js';
import type { Question } from '../../../source/steps/types.js';
import type { StepId } from '../../../source/model/steps.js';
import type {
  AskAnswers,
  ChangeField,
  ChangeKind,
  RunIo,
  StackProgress,
  StepProgress,
  WizardChangeEnd,
  WizardPort,
} from '../../../source/ui/port.js';
import type { VerificationReport } from '../../../verify/types.js';
import type { WatchReport } from '../../../verify/watch-types.js';
import { ticksOf } from './watch-ticks.js';

/** A step of the scripted engine: what it asks, what it creates, whether it waits on targets. */
export type FakeStep = {
  id: StepId;
  title: string;
  questions?: Question[];
  answered?: AnsweredValue[];
  creates?: Omit<RecordedResource, 'step' | 'createdAt'>;
  /** Rows of the live targets table shown while the step waits. */
  targets?: TargetRow[][];
  /** Fails the first N runs with this error (an AWS error as the engine maps it). */
  failTimes?: number;
  error?: FriendlyError;
};

const portRange: Question = {
  key: 'listenerPort',
  flag: '--listener-port',
  kind: 'text',
  message: 'Listener port',
  default: '80',
  validate: (v) =>
    /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535 ? undefined : 'a port is a whole number from 1 to 65535',
};

/** The memo's steps with questions of every kind, as the engine would hand them to `ask`. */
export function memoSteps(): FakeStep[] {
  return [
    { id: 'account', title: 'Check the account' },
    {
      id: 'cluster',
      title: 'Pick the ECS cluster',
      questions: [
        {
          key: 'cluster',
          flag: '--cluster',
          kind: 'select',
          message: 'Which cluster?',
          default: 'ecs-demo',
          choices: [
            { value: 'batch', label: 'batch', hint: '0 container instances' },
            { value: 'ecs-demo', label: 'ecs-demo', hint: '2 container instances' },
          ],
        },
      ],
    },
    {
      id: 'network',
      title: 'Choose load balancer subnets',
      questions: [
        {
          key: 'subnets',
          flag: '--subnets',
          kind: 'multiselect',
          message: 'Subnets for the load balancer (two AZs at least)',
          default: ['subnet-a1', 'subnet-c1'],
          choices: [
            { value: 'subnet-a1', label: 'subnet-a1', hint: 'ap-northeast-1a, public' },
            { value: 'subnet-c1', label: 'subnet-c1', hint: 'ap-northeast-1c, public' },
            { value: 'subnet-d1', label: 'subnet-d1', hint: 'ap-northeast-1d, private' },
          ],
          validate: (values) => (values.length >= 2 ? undefined : 'pick subnets in at least two AZs'),
        },
      ],
    },
    {
      id: 'security-groups',
      title: 'Create the security groups',
      questions: [portRange],
      creates: { kind: 'security-group', id: 'sg-0123456789abcdef0', label: 'demo-alb-sg' },
    },
    {
      id: 'target-group',
      title: 'Create the target group',
      questions: [
        {
          key: 'healthCheckPath',
          flag: '--health-check-path',
          kind: 'text',
          message: 'Health check path',
          default: '/hostname',
          validate: (v) => (v.startsWith('/') ? undefined : 'a path starts with /'),
        },
        {
          key: 'deregistrationDelay',
          flag: '--deregistration-delay',
          kind: 'text',
          message: 'Deregistration delay (s)',
          default: '30',
          validate: (v) => (/^\d+$/.test(v) ? undefined : 'seconds, 0-3600'),
        },
      ],
      creates: {
        kind: 'target-group',
        id: 'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/demo-tg/6d0ecf831eec9f09',
        label: 'demo-tg',
      },
    },
    {
      id: 'load-balancer',
      title: 'Create the load balancer',
      questions: [{ key: 'scheme', flag: '--scheme', kind: 'confirm', message: 'Internet-facing?', default: true }],
      creates: {
        kind: 'load-balancer',
        id: 'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/demo-alb/50dc6c495c0c9188',
        label: 'demo-alb',
      },
    },
    { id: 'listener', title: 'Create the listener and /* rule' },
    { id: 'service-role', title: 'Ensure the ECS service-linked role' },
    { id: 'task-definition', title: 'Register the task definition' },
    {
      id: 'service',
      title: 'Create the ECS service',
      creates: {
        kind: 'service',
        id: 'arn:aws:ecs:ap-northeast-1:123456789012:service/ecs-demo/demo-svc',
        label: 'demo-svc',
      },
      targets: [
        [{ instanceId: 'i-0abc00000000000a1', port: 32768, state: 'initial', reason: 'Elb.RegistrationInProgress' }],
      ],
    },
    {
      id: 'scale-out',
      title: 'Scale out to 3 tasks',
      questions: [
        {
          key: 'scaleTo',
          flag: '--scale-to',
          kind: 'text',
          message: 'Scale to how many tasks?',
          default: '3',
          validate: (v) => (/^[1-9]\d*$/.test(v) ? undefined : 'a whole number, 1 or more'),
        },
      ],
    },
  ];
}

/** A scripted engine behind the wizard's port: records what it was asked to do and answered. */
export class FakePort implements WizardPort {
  readonly answers: AskAnswers = {};
  readonly asked: StepId[] = [];
  readonly created: RecordedResource[] = [];
  readonly runs = { setup: 0, verify: 0, teardown: 0 };
  /** Each change run: its kind and the answers it was given. */
  readonly changes: { kind: ChangeKind; values: Record<string, string> }[] = [];
  /** The report a change's watch replays (ticks, then the result); set by the test. */
  watchReport?: WatchReport;
  /** A change holds after this many ticks until `release()`, so a test can look at the lanes. */
  holdChangeAt?: number;
  resumeCommand = 'ecs-alb-wizard --sandbox --stack demo';
  private readonly status = new Map<StepId, StepProgress['status']>();
  /** Resolves the current wait when a test calls `release()`; waits hold until then when set. */
  holdWaits = false;
  private releaseWait?: () => void;

  constructor(
    readonly steps: FakeStep[] = memoSteps(),
    readonly options: {
      sandbox?: boolean;
      done?: StepId[];
      resources?: RecordedResource[];
      /** The verdict of setup's verifications (default PASS). */
      verdict?: 'PASS' | 'FAIL';
    } = {},
  ) {
    for (const id of options.done ?? []) this.status.set(id, 'done');
    this.created.push(...(options.resources ?? []));
  }

  release(): void {
    this.releaseWait?.();
  }

  progress(): Promise<StackProgress> {
    return Promise.resolve({
      stack: 'demo',
      where: this.options.sandbox === false ? 'ap-northeast-1' : 'ap-northeast-1 (sandbox)',
      sandbox: this.options.sandbox !== false,
      steps: this.steps.map((s) => ({ id: s.id, title: s.title, status: this.status.get(s.id) ?? 'pending' })),
      resources: [...this.created],
    });
  }

  canSkip(step: StepId): boolean {
    return step === 'scale-out';
  }

  async setup(io: RunIo, { skip }: { skip: StepId[] }) {
    this.runs.setup += 1;
    for (const step of this.steps) {
      if (this.status.get(step.id) === 'done') {
        io.emit({ type: 'step-skip', step: step.id, title: step.title, reason: 'done earlier' });
        continue;
      }
      if (skip.includes(step.id)) {
        io.emit({ type: 'step-skip', step: step.id, title: step.title, reason: 'skipped at your request' });
        this.status.set(step.id, 'skipped');
        continue;
      }
      // Like the runner: questions first, then the step starts.
      const why = `Why ${step.id}: the memo's point.`;
      if (step.questions?.length) {
        this.asked.push(step.id);
        Object.assign(this.answers, await io.ask(step.id, step.questions, { title: step.title, why }));
      }
      io.emit({ type: 'step-start', step: step.id, title: step.title, why, answered: step.answered });
      if (step.failTimes) {
        step.failTimes -= 1;
        io.emit({
          type: 'step-failed',
          step: step.id,
          title: step.title,
          error: step.error ?? { message: 'failed', progressSaved: true },
        });
        this.status.set(step.id, 'failed');
        return { kind: 'failed' as const, step: step.id };
      }
      if (step.creates) {
        const resource = { ...step.creates, step: step.id, createdAt: '2026-01-01T00:00:00Z' };
        this.created.push(resource);
        io.emit({ type: 'resource', step: step.id, resource, reused: false });
      }
      for (const targets of step.targets ?? []) {
        io.emit({
          type: 'wait',
          step: step.id,
          id: `${step.id}-healthy`,
          what: 'healthy targets',
          usually: 'usually 1-3 min',
          progress: 'healthy 0/1',
          startedAt: Date.now(),
          targets,
        });
        if (this.holdWaits)
          await new Promise<void>((resolve, reject) => {
            this.releaseWait = resolve;
            io.signal.addEventListener('abort', () => reject(io.signal.reason as Error), { once: true });
          });
        io.emit({ type: 'wait-end', step: step.id, id: `${step.id}-healthy`, ok: true, elapsedMs: 2000 });
      }
      io.emit({
        type: 'step-done',
        step: step.id,
        title: step.title,
        summary: [`${step.id} ready`],
        cli: [`aws ${step.id} --demo`],
      });
      this.status.set(step.id, 'done');
      if (step.id === 'service' || step.id === 'scale-out')
        io.emit({ type: 'verify-result', step: step.id, report: this.verification(step.id === 'service' ? 1 : 3) });
    }
    return { kind: 'done' as const, verification: this.options.verdict === 'FAIL' ? 'failed' : 'verified' } as const;
  }

  /** A report as the verifier makes it: `backends` containers, 20 answers each; PASS unless `options.verdict` says FAIL. */
  verification(backends: number): VerificationReport {
    const report = this.passing(backends);
    if (this.options.verdict !== 'FAIL') return report;
    return {
      ...report,
      verdict: 'FAIL',
      criteria: [
        { id: 'all-answered', pass: false, title: 'Every expected backend answered', evidence: `1/${backends}` },
      ],
    };
  }

  private passing(backends: number): VerificationReport {
    const ids = ['3f2a9c1d7b4e', 'a81c02de55f0', '0b7d4e9a12c3'].slice(0, backends);
    const latency = { p50: 2, p95: 4, p99: 5 };
    const sent = backends * 20;
    return {
      url: 'http://demo-alb-123.ap-northeast-1.elb.amazonaws.com/hostname',
      verdict: 'PASS',
      sent,
      ok: sent,
      failed: 0,
      backends: ids.map((id, i) => ({
        id,
        count: 20,
        share: 1 / backends,
        latency,
        expected: true,
        instanceId: 'i-0abc00000000000a1',
        hostPort: 32768 + i,
      })),
      nodes: [],
      latency,
      errors: [],
      unexpected: [],
      missing: [],
      expectedCount: backends,
      cookies: [],
      findings: [],
      criteria: [
        {
          id: 'all-answered',
          pass: true,
          title: 'Every expected backend answered',
          evidence: `${backends}/${backends}`,
        },
      ],
      stoppedBecause: 'settled-pass',
      startedAt: '2026-01-01T00:00:00Z',
      durationMs: 50,
      requestsPerSecond: 1000,
      options: {
        concurrency: 8,
        timeoutMs: 5000,
        budgetMs: 60000,
        maxRequests: 200,
        maxErrorRate: 0,
        tolerance: 0.35,
        confidence: 0.99,
        minPerBackend: 10,
      },
    };
  }

  verify(): Promise<VerificationReport> {
    this.runs.verify += 1;
    return Promise.resolve(this.verification(3));
  }

  changeForm(kind: ChangeKind): Promise<ChangeField[]> {
    const count: ChangeField = {
      id: 'count',
      label: 'How many tasks should the service run? (now 1)',
      flag: 'scale N',
      default: '3',
      validate: (v) => (/^[1-9]\d*$/.test(v) ? undefined : 'scale N must be a whole number from 1 to 1000'),
    };
    const image: ChangeField = {
      id: 'image',
      label: 'Image of the new revision',
      flag: '--image',
      default: 'busybox',
      validate: () => undefined,
    };
    const env: ChangeField = {
      id: 'env',
      label: 'Environment variables to set (KEY=VALUE, space-separated)',
      flag: '--env',
      default: '',
      validate: (v) =>
        v
          .split(/\s+/)
          .filter(Boolean)
          .every((p) => /^[A-Z_]+=/.test(p))
          ? undefined
          : '--env must be KEY=VALUE',
    };
    return Promise.resolve(kind === 'scale' ? [count] : [image, env]);
  }

  async change(io: RunIo, kind: ChangeKind, values: Record<string, string>): Promise<WizardChangeEnd> {
    this.changes.push({ kind, values });
    const report = this.watchReport;
    if (!report) return { ok: true, message: `${kind} done` };
    // As the engine does: a wait on the new targets, with its live table, while the watch runs.
    io.emit({
      type: 'wait',
      step: 'scale-out',
      id: 'scale-out-healthy',
      what: '3 healthy targets for service demo-svc',
      startedAt: Date.now(),
      targets: [
        { instanceId: 'i-0abc00000000000c2', port: 32770, state: 'initial', reason: 'Elb.RegistrationInProgress' },
      ],
    });
    const ticks = ticksOf(report, kind);
    for (const [i, tick] of ticks.entries()) {
      if (i === this.holdChangeAt)
        await new Promise<void>((resolve, reject) => {
          this.releaseWait = resolve;
          io.signal.addEventListener('abort', () => reject(io.signal.reason as Error), { once: true });
        });
      io.emit(tick);
    }
    io.emit({ type: 'watch-result', change: kind, report });
    return { ok: true, verdict: report.verdict, message: `${kind} done: ${report.verdict}` };
  }

  teardownPlan(): Promise<RecordedResource[]> {
    return Promise.resolve([...this.created].reverse());
  }

  teardown(io: RunIo) {
    this.runs.teardown += 1;
    const kept = this.created.filter((r) => r.kind === 'service-linked-role');
    for (const resource of [...this.created].reverse()) {
      io.emit({ type: 'teardown-start', resource });
      if (kept.includes(resource))
        io.emit({ type: 'log', step: resource.step, message: `kept ${resource.label}: it is account-wide` });
      else io.emit({ type: 'teardown-done', resource, outcome: 'deleted' });
    }
    this.created.length = 0;
    return Promise.resolve({ remaining: [], kept });
  }
}
