import type { StepId } from '../../model/steps.js';
import type { StepStatus, StepView } from './types.js';

/**
 * Every step in the order setup runs them (the engine's step list; a test keeps the two equal).
 * Kept here so the step list can place a step that joins late without loading the steps' code.
 */
export const RUN_ORDER: readonly StepId[] = [
  'account',
  'cluster',
  'network',
  'capacity',
  'security-groups',
  'target-group',
  'load-balancer',
  'listener',
  'service-role',
  'task-definition',
  'instances',
  'service',
  'scale-out',
];

/** The steps that only apply to a cluster the stack creates (`--create-cluster`). */
export const CREATE_CLUSTER_STEPS: readonly StepId[] = ['capacity', 'instances'];

const rank = (id: StepId) => RUN_ORDER.indexOf(id);

/**
 * The step list with `id` set to `status`: a step not listed yet (the user chose to create the
 * cluster at its prompt) goes where it runs, not at the end, so the numbers stay in run order.
 */
export function placeStep(steps: readonly StepView[], id: StepId, title: string, status: StepStatus): StepView[] {
  if (steps.some((s) => s.id === id)) return steps.map((s) => (s.id === id ? { ...s, title, status } : s));
  const at = steps.findIndex((s) => rank(s.id) > rank(id));
  const view = { id, title, status };
  return at < 0 ? [...steps, view] : [...steps.slice(0, at), view, ...steps.slice(at)];
}

/** Adds the capacity and instances steps (pending) once the cluster is to be created. */
export function withCreateClusterSteps(steps: readonly StepView[]): StepView[] {
  return CREATE_CLUSTER_STEPS.reduce<StepView[]>(
    (list, id) => (list.some((s) => s.id === id) ? list : placeStep(list, id, id, 'pending')),
    [...steps],
  );
}
