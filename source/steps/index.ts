import { accountStep } from './account.js';
import { capacityStep } from './capacity.js';
import { clusterStep } from './cluster.js';
import { instancesStep } from './instances.js';
import { listenerStep } from './listener.js';
import { loadBalancerStep } from './load-balancer.js';
import { networkStep } from './network.js';
import { scaleOutStep } from './scale-out.js';
import { securityGroupsStep } from './security-groups.js';
import { serviceRoleStep } from './service-role.js';
import { serviceStep } from './service.js';
import { targetGroupStep } from './target-group.js';
import { taskDefinitionStep } from './task-definition.js';
import type { Answers } from '../model/answers.js';
import type { Step } from './types.js';

/** The memo's steps in the order setup runs them; teardown walks them in reverse. */
export const steps: readonly Step<unknown>[] = [
  accountStep,
  clusterStep,
  networkStep,
  capacityStep,
  securityGroupsStep,
  targetGroupStep,
  loadBalancerStep,
  listenerStep,
  serviceRoleStep,
  taskDefinitionStep,
  instancesStep,
  serviceStep,
  scaleOutStep,
];

/** The step with this id. */
export function stepById(id: Step['id']): Step<unknown> {
  const step = steps.find((s) => s.id === id);
  if (!step) throw new Error(`unknown step '${id}'`);
  return step;
}

/**
 * The steps that apply to these answers: without `--create-cluster` the capacity and instances
 * steps are left out (setup skips them, showing why), so progress counts only what runs.
 */
export function stepsFor(answers: Answers, stack = 'demo'): readonly Step<unknown>[] {
  const ctx = { stack, region: '', results: {} };
  return steps.filter((step) => !step.skip?.(answers, ctx));
}
