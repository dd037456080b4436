import { accountStep } from './account.js';
import { clusterStep } from './cluster.js';
import { listenerStep } from './listener.js';
import { loadBalancerStep } from './load-balancer.js';
import { networkStep } from './network.js';
import { scaleOutStep } from './scale-out.js';
import { securityGroupsStep } from './security-groups.js';
import { serviceRoleStep } from './service-role.js';
import { serviceStep } from './service.js';
import { targetGroupStep } from './target-group.js';
import { taskDefinitionStep } from './task-definition.js';
import type { Step } from './types.js';

/** The memo's steps in the order setup runs them; teardown walks them in reverse. */
export const steps: readonly Step<unknown>[] = [
  accountStep,
  clusterStep,
  networkStep,
  securityGroupsStep,
  targetGroupStep,
  loadBalancerStep,
  listenerStep,
  serviceRoleStep,
  taskDefinitionStep,
  serviceStep,
  scaleOutStep,
];

/** The step with this id. */
export function stepById(id: Step['id']): Step<unknown> {
  const step = steps.find((s) => s.id === id);
  if (!step) throw new Error(`unknown step '${id}'`);
  return step;
}
