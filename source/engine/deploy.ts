import { UpdateServiceCommand, type ContainerInstance } from '@aws-sdk/client-ecs';
import { friendlyError } from '../aws/errors.js';
import { answerTable } from '../steps/answer-table.js';
import { defaults } from '../steps/defaults.js';
import { need } from '../steps/results.js';
import type { FriendlyError } from '../model/errors.js';
import type { RecordedResource } from '../model/resources.js';
import type { StepDeps } from '../steps/types.js';
import type { WatchReport } from '../../verify/watch-types.js';
import { stepDeps, type EngineDeps } from './deps.js';
import { currentRevision, registerRevision, type DeployChange } from './deploy-revision.js';
import { waitRolledOut, type Rollout } from './deploy-wait.js';
import { envProblem } from './env-rule.js';
import { UsageError } from './usage-error.js';
import { takeLook, type Look } from './watch-look.js';
import { watchStack, type StackWatchOptions } from './watch-stack.js';

export type { DeployChange };

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/** What a deploy did: the revision it rolled out, the one before, and how the rollout ended. */
export type DeployResult = {
  taskDefinitionArn: string;
  /** `family:revision` of the new revision. */
  revision: string;
  previous: string;
  rollout: Rollout;
};

export type DeployOutcome = (
  { ok: true; result: DeployResult } | { ok: false; error: FriendlyError; result?: DeployResult }
) & { watch?: WatchReport };

export type DeployOptions = {
  /** Watch the rollout (a paced load through the load balancer, judged); absent: deploy only. */
  watch?: StackWatchOptions;
};

const TITLE = 'Deploy a new task definition revision';

/** The change checked by the flags' rules: `--image` as setup's, `--env` keys as `env-rule.ts`. */
function checkChange(change: DeployChange): void {
  if (change.image !== undefined) {
    const problem = answerTable.image.validate(change.image);
    if (problem) throw new UsageError(problem);
  }
  for (const name of Object.keys(change.env ?? {})) {
    const problem = envProblem(name);
    if (problem) throw new UsageError(problem);
  }
}

/**
 * `deploy`: registers the next revision of the service's task definition (the current one with
 * `change` applied, tagged and recorded so teardown deregisters it), rolls it out with
 * UpdateService, and waits (bounded, shown) until the deployment is COMPLETED with the desired
 * count of new targets healthy and the old ones drained, or until it FAILED (the circuit breaker
 * tripped, and rolled back when it is set to). Watched, a paced load runs throughout and the
 * report judges it. The stack's task-definition result moves to the new revision once it completed.
 */
export async function runDeploy(
  stack: string,
  change: DeployChange,
  deps: EngineDeps,
  options: DeployOptions = {},
): Promise<DeployOutcome> {
  checkChange(change);
  const record = deps.store.get();
  if (record?.steps.service?.status !== 'done')
    throw new UsageError(`stack '${stack}' has no running service yet; run setup first`);
  deps.emit({
    type: 'step-start',
    step: 'task-definition',
    title: TITLE,
    why: 'A rolling deployment starts new tasks up to the maximum percent, waits for their targets to be healthy, then drains the old ones: no request should fail meanwhile.',
  });
  const sd = stepDeps(deps, record);
  const cluster = need(record.results, 'cluster').clusterName;
  const service = need(record.results, 'service').serviceName;
  let result: DeployResult | undefined;
  let watch: WatchReport | undefined;
  try {
    const current = await currentRevision(sd, cluster, service);
    const previous = `${current.definition.family}:${current.definition.revision}`;
    const rollOut = async (look: () => Promise<Look>): Promise<DeployResult> => {
      const next = await registerRevision(sd, current.definition, change, (resource) => recordRevision(deps, resource));
      await sd.clients.ecs.send(
        new UpdateServiceCommand({ cluster, service, taskDefinition: next.taskDefinitionArn }),
        {
          abortSignal: deps.signal,
        },
      );
      const revision = `${next.family}:${next.revision}`;
      deps.emit({ type: 'log', step: 'task-definition', message: `rolling out ${revision} (was ${previous})` });
      const rollout = await waitRolledOut(sd, look, {
        arn: next.taskDefinitionArn,
        desired: current.desiredCount,
        containerPort: Number(record.answers.containerPort ?? defaults.containerPort),
      });
      result = { taskDefinitionArn: next.taskDefinitionArn, revision, previous, rollout };
      return result;
    };
    if (options.watch) {
      const watched = await watchStack(deps, 'deploy', options.watch, ({ observer }) =>
        // The observer looks every second; a look older than UpdateService is told apart by `waitRolledOut`.
        rollOut(() => Promise.resolve(observer.latest())),
      );
      watch = watched.report;
      if (watched.error !== undefined) throw asError(watched.error);
    } else {
      await rollOut(freshLooks(sd, cluster, service, need(record.results, 'target-group').targetGroupArn));
    }
    if (!result) throw new Error('deploy: the rollout ended without a result');
    return finish(deps, result, watch);
  } catch (error) {
    const friendly = friendlyError(error, true);
    deps.emit({ type: 'step-failed', step: 'task-definition', title: TITLE, error: friendly });
    return { ok: false, error: friendly, ...(result ? { result } : {}), ...(watch ? { watch } : {}) };
  }
}

function finish(deps: EngineDeps, result: DeployResult, watch: WatchReport | undefined): DeployOutcome {
  const withWatch = watch ? { watch } : {};
  if (result.rollout.state !== 'COMPLETED') {
    const error: FriendlyError = {
      message: `the deployment of ${result.revision} ${result.rollout.state === 'ROLLED_BACK' ? 'failed and was rolled back' : 'failed'}: ${result.rollout.reason ?? 'no reason given'}`,
      hint:
        result.rollout.state === 'ROLLED_BACK'
          ? `the service runs ${result.rollout.runningRevision ?? result.previous} again; check that the new image answers the health check path and starts within the health check grace period`
          : 'the service is left on the failed deployment: deploy again with a working image, or turn on the circuit breaker with rollback',
      progressSaved: true,
    };
    deps.emit({ type: 'step-failed', step: 'task-definition', title: TITLE, error });
    return { ok: false, error, result, ...withWatch };
  }
  const [family = '', rev = '0'] = result.revision.split(':');
  deps.store.update((r) => {
    r.results['task-definition'] = { taskDefinitionArn: result.taskDefinitionArn, family, revision: Number(rev) };
  }, new Date(deps.now()));
  deps.emit({
    type: 'step-done',
    step: 'task-definition',
    title: TITLE,
    summary: [
      `${result.revision} rolled out (was ${result.previous}): ${result.rollout.healthy} new targets healthy, the old drained`,
    ],
    cli: [],
  });
  return { ok: true, result, ...withWatch };
}

/** Records the new revision in the stack (teardown deregisters every recorded revision). */
function recordRevision(deps: EngineDeps, resource: Omit<RecordedResource, 'createdAt' | 'step'>): void {
  const full = { ...resource, step: 'task-definition' as const, createdAt: new Date(deps.now()).toISOString() };
  deps.crashHook?.('before-record', full);
  deps.store.update((r) => {
    if (!r.resources.some((x) => x.id === full.id)) r.resources.push(full);
  }, new Date(deps.now()));
  deps.emit({ type: 'resource', step: 'task-definition', resource: full, reused: false });
  deps.crashHook?.('after-record', full);
}

/** Looks for an unwatched deploy: each call asks ECS and ELBv2 afresh. */
function freshLooks(sd: StepDeps, cluster: string, service: string, targetGroupArn: string): () => Promise<Look> {
  const instanceCache = new Map<string, ContainerInstance>();
  const stopped = new Set<string>();
  return async () => {
    const look = await takeLook(sd.clients, { cluster, service, targetGroupArn }, sd.signal, {
      stoppedWanted: (arn) => !stopped.has(arn),
      instanceCache,
    });
    for (const task of look.tasks) if (task.lastStatus === 'STOPPED') stopped.add(task.taskArn ?? '');
    return look;
  };
}
