import type { Step } from '../../source/steps/types.js';
import type { StepId } from '../../source/model/steps.js';

/** A call log shared by the fake steps: which step created or deleted what, in order. */
export type Journal = { calls: string[]; failOnce: Set<StepId> };

/**
 * Minimal steps for runner tests: each "creates" one resource named after it (once per id, like
 * find-by-name), can be told to fail once, and tears down by logging.
 */
export function fakeSteps(ids: StepId[], journal: Journal): Step<{ id: string }>[] {
  const existing = new Set<string>();
  return ids.map((id) => ({
    id,
    title: `Step ${id}`,
    why: 'because',
    keys: id === 'load-balancer' ? ['scheme'] : [],
    questions: (known) =>
      id === 'load-balancer' && known.scheme === undefined
        ? [
            {
              key: 'scheme',
              flag: '--scheme',
              kind: 'select',
              message: 'Scheme?',
              choices: [{ value: 'internal', label: 'internal' }],
            },
          ]
        : [],
    validate: (answers) =>
      id === 'load-balancer' && answers.scheme !== 'internal' && answers.scheme !== 'internet-facing'
        ? '--scheme must be internet-facing or internal'
        : undefined,
    execute(_answers, _deps, record) {
      const resourceId = `res-${id}`;
      const reused = existing.has(resourceId);
      if (!reused) journal.calls.push(`create ${id}`);
      existing.add(resourceId);
      record({ kind: 'target-group', id: resourceId, label: id }, reused);
      if (journal.failOnce.delete(id))
        return Promise.reject(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
      return Promise.resolve({ id: resourceId });
    },
    teardown(resource) {
      journal.calls.push(`delete ${resource.id}`);
      existing.delete(resource.id);
      return Promise.resolve('deleted' as const);
    },
    summary: (r) => [r.id],
    cli: () => [`aws fake ${id}`],
  }));
}
