import type { EngineDeps } from '../engine/deps.js';
import {
  lastVerification,
  runSetupFlow,
  runTeardown,
  setupStanding,
  stepsFor,
  planTeardown,
  verifyShown,
  type TeardownPlan,
  type VerifyStack,
} from '../engine/index.js';
import type { StackStore } from '../state/store.js';
import type { Answers, InvalidAnswers } from '../model/answers.js';
import type { SavedVerification, VerifiedStep } from '../model/verifications.js';
import type { StepId } from '../model/steps.js';
import type { CapacityPreview, RunIo, StackProgress, WizardPort } from '../ui/port.js';
import { stackNames } from '../aws/names.js';
import { defaults } from '../steps/defaults.js';
import type { StackWatchOptions } from '../engine/watch-stack.js';
import type { Session } from './kit/session.js';
import { changeFields, runChange } from './wizard-change.js';
import type { CommandInput } from './kit/types.js';

/** What the wizard needs from the command that opened the stack (clients, store, lock, sandbox). */
export type OpenedStack = {
  /** Engine deps for one run, with the wizard's events, prompts and stop signal (`Session.deps`). */
  deps: Session['deps'];
  store: StackStore;
  /** `ap-northeast-1 (sandbox)` or the region and endpoint. */
  where: string;
  sandbox: boolean;
  /** Verifies the stack: waits for healthy targets, then the verifier with ECS's expected backends. */
  verify: VerifyStack;
  /** How a watch reaches the load balancer's nodes (the sandbox's resolver; DNS otherwise). */
  watch?: StackWatchOptions;
  /** Releases the lock, stops the sandbox, closes clients. */
  close?: () => Promise<void>;
};

/** `PASS after scale-out: 3 of 3 backends, 2026-12-01 10:02 UTC`: the start screen's last verification. */
export function describeVerification(saved: SavedVerification & { step: VerifiedStep }): string {
  const at = new Date(saved.at);
  const when = Number.isNaN(at.getTime()) ? saved.at : `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `${saved.verdict} after ${saved.step}: ${saved.backends} of ${saved.expected} backends, ${when}`;
}

export type EnginePortOptions = {
  stack: string;
  flags: Answers;
  /** Answer flags whose value failed its check: their questions open with the problem shown. */
  invalid?: InvalidAnswers;
  resumeCommand: string;
  open: () => Promise<OpenedStack>;
};

/**
 * The wizard's port on the real engine: setup is the setup flow (engine/setup-flow.ts: to the
 * service, verify, scale out, verify again), as headless setup runs it; teardown and progress read
 * the same store as the headless commands.
 */
/** What `--create-cluster` will make, by name, with the instance type and count asked for. */
function capacityPreview(stack: string, answers: Answers): CapacityPreview {
  const names = stackNames(stack);
  return {
    cluster: names.cluster,
    instanceType: answers.instanceType ?? defaults.instanceType,
    instances: answers.instances ?? defaults.instances,
    autoScalingGroup: names.autoScalingGroup,
    capacityProvider: names.capacityProvider,
    instanceRole: names.instanceRole,
    launchTemplate: names.launchTemplate,
    instanceSecurityGroup: names.instanceSecurityGroup,
  };
}

export function enginePort(options: EnginePortOptions): WizardPort & { close(): Promise<void> } {
  let opened: Promise<OpenedStack> | undefined;
  const open = () => (opened ??= options.open());
  let confirmedPlan: TeardownPlan | undefined;

  function depsFor(stack: OpenedStack, io: RunIo): EngineDeps {
    return stack.deps(
      (event) => io.emit(event),
      (step, questions) => io.ask(step.id, questions, { title: step.title, why: step.why }),
      io.signal,
    );
  }

  return {
    resumeCommand: options.resumeCommand,
    async close() {
      if (opened) await (await opened).close?.();
    },
    async progress(): Promise<StackProgress> {
      const stack = await open();
      const record = stack.store.get();
      const last = lastVerification(record);
      const answers = { ...options.flags, ...record?.answers };
      const steps = stepsFor(answers, options.stack);
      return {
        stack: options.stack,
        where: stack.where,
        sandbox: stack.sandbox,
        ...(steps.some((s) => s.id === 'capacity') ? { capacity: capacityPreview(options.stack, answers) } : {}),
        steps: steps.map((s) => ({
          id: s.id,
          title: s.title,
          status: record?.steps[s.id]?.status ?? 'pending',
          error: record?.steps[s.id]?.error,
        })),
        resources: record?.resources ?? [],
        ...(last ? { lastVerdict: describeVerification(last) } : {}),
      };
    },
    canSkip: (step: StepId) => step === 'scale-out',
    async setup(io, { skip }) {
      const stack = await open();
      const outcome = await runSetupFlow(
        {
          setup: { stack: options.stack, answers: options.flags, invalid: options.invalid },
          verify: stack.verify,
          skipScaleOut: skip.includes('scale-out'),
        },
        depsFor(stack, io),
      );
      if (!outcome.ok) return { kind: 'failed', step: outcome.step };
      const { state } = setupStanding(outcome);
      return { kind: 'done', verification: state === 'not-up' ? 'unverified' : state };
    },
    async verify(io) {
      const stack = await open();
      return verifyShown(stack.verify, depsFor(stack, io), 'scale-out');
    },
    async changeForm(kind) {
      const stack = await open();
      return changeFields(kind, stack.store.get());
    },
    async change(io, kind, values) {
      const stack = await open();
      return runChange(options.stack, kind, values, depsFor(stack, io), stack.watch ?? {});
    },
    async teardownPlan() {
      const stack = await open();
      // What the user confirms is what runs: the record plus what its names and tag found.
      const deps = stack.deps(
        () => undefined,
        () => Promise.reject(new Error('teardown asks nothing')),
      );
      confirmedPlan = await planTeardown({ stack: options.stack }, deps);
      return confirmedPlan.order;
    },
    async teardown(io) {
      const stack = await open();
      const plan = confirmedPlan;
      confirmedPlan = undefined;
      const outcome = await runTeardown({ stack: options.stack, ...(plan ? { plan } : {}) }, depsFor(stack, io));
      if (outcome.ok) return { remaining: [], kept: outcome.kept };
      return { remaining: stack.store.get()?.resources ?? [], kept: [] };
    },
  };
}

/**
 * Opens the stack the way `setup` does (lock first, then AWS, the endpoint or the sandbox) and
 * hands the wizard what it needs. Loaded after the first frame: this pulls in the AWS SDK.
 */
export async function openStackForWizard(input: CommandInput): Promise<OpenedStack> {
  const [{ openSession, parseCommonFlags }, { verifyStack, reachOf }] = await Promise.all([
    import('./kit/session.js'),
    import('../engine/verify-stack.js'),
  ]);
  const flags = parseCommonFlags(input.flags);
  const session = await openSession(flags, input.connect, 'setup', { lock: true });
  const { clients, sandbox } = session.connection;
  const where = sandbox
    ? `${clients.region} (sandbox)`
    : clients.endpointUrl
      ? `${clients.region} via ${clients.endpointUrl}`
      : clients.region;
  return {
    deps: session.deps,
    store: session.store,
    where,
    sandbox,
    verify: (engineDeps, step) => verifyStack(engineDeps, { step, ...reachOf(session.connection) }),
    watch: session.connection.resolveLoadBalancer ? { resolve: session.connection.resolveLoadBalancer } : {},
    close: () => session.close(),
  };
}
