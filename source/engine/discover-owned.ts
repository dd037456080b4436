import { findCapacity } from '../aws/find-owned-capacity.js';
import { findAlbGroups, findIngressRules } from '../aws/find-owned-ec2.js';
import { findServices, findTaskDefinitions, listClusters } from '../aws/find-owned-ecs.js';
import { findListenersAndRules, findLoadBalancers, findTargetGroups } from '../aws/find-owned-elb.js';
import type { FindDeps, FoundKind, FoundResource } from '../aws/find-owned.js';
import { stackNames } from '../aws/names.js';
import { STACK_TAG_KEY } from '../aws/tags.js';
import type { StackRecord } from '../state/schema.js';
import type { RecordedResource } from '../model/resources.js';
import type { StepId } from '../model/steps.js';
import type { EngineDeps } from './deps.js';

/** A resource with one of the stack's names that teardown does not delete, and why. */
export type LeftAlone = { kind: FoundKind; id: string; label: string; step: StepId; reason: string };

/** What a look-up of the stack's names and tag found beyond the saved record. */
export type Discovery = {
  /** The stack's resources (tagged for it) that exist and the record does not hold, marked found. */
  found: RecordedResource[];
  /** Resources with the stack's names that are not its own, or of no kind teardown knows. */
  leftAlone: LeftAlone[];
  /** What could not be looked for, said as a sentence. */
  notSearched: string[];
};

/** The step whose `teardown` deletes each kind a finder reports. */
const stepOf: Record<FoundKind, StepId> = {
  'security-group': 'security-groups',
  'ingress-rule': 'security-groups',
  'target-group': 'target-group',
  'load-balancer': 'load-balancer',
  listener: 'listener',
  'listener-rule': 'listener',
  'task-definition': 'task-definition',
  service: 'service',
  'iam-role': 'capacity',
  'instance-profile': 'capacity',
  'launch-template': 'capacity',
  'ecs-cluster': 'capacity',
  'auto-scaling-group': 'capacity',
  'capacity-provider': 'capacity',
};

/** The clusters the saved record says the stack used: its cluster step, its service, its answer. */
function knownClusters(record: StackRecord | undefined): string[] {
  const clusters = [
    record?.results.cluster?.clusterName,
    record?.results.capacity?.clusterName,
    ...(record?.resources ?? []).filter((r) => r.kind === 'service').map((r) => r.details?.cluster),
    record?.answers.cluster,
  ];
  return [...new Set(clusters.filter((c): c is string => Boolean(c)))];
}

function knownVpc(record: StackRecord | undefined): string | undefined {
  return (
    record?.results.cluster?.vpcId ??
    record?.resources.find((r) => r.kind === 'security-group' && r.details?.vpcId)?.details?.vpcId
  );
}

function whyLeftAlone(found: FoundResource, stack: string): string {
  if (found.taggedFor === stack && found.unknownKind)
    return `tagged for this stack, but ${found.unknownKind}; delete it yourself if it is no longer needed`;
  return found.taggedFor === undefined
    ? `not tagged ${STACK_TAG_KEY}=${stack}`
    : `tagged for stack '${found.taggedFor}', not '${stack}'`;
}

/**
 * Looks up every kind of resource the stack can create, by its derived names and by its tag, not
 * only by the saved record: the load balancer group, the ingress rules that reference it, the
 * target group, the load balancer with its listeners and rules, the task definition revisions, the
 * service (in the record's cluster, or in every cluster of the region when no record names one),
 * and what `--create-cluster` makes (cluster, role, instance profile, instances' group, launch
 * template, Auto Scaling group, capacity provider).
 * What carries the stack's tag and the record lacks comes back in `found`; what has the stack's
 * name without its tag, in `leftAlone`, never to be deleted.
 */
export async function discoverOwned(
  stack: string,
  record: StackRecord | undefined,
  deps: Pick<EngineDeps, 'clients' | 'signal' | 'now'>,
): Promise<Discovery> {
  const find: FindDeps = { clients: deps.clients, stack, signal: deps.signal };
  const notSearched: string[] = [];
  const seen: FoundResource[] = [];
  const ours = (f: FoundResource) => f.taggedFor === stack && !f.unknownKind;

  const groups = await findAlbGroups(find, knownVpc(record));
  seen.push(...groups);
  seen.push(...(await findIngressRules(find, new Map(groups.filter(ours).map((g) => [g.id, g.taggedFor])))));
  seen.push(...(await findTargetGroups(find)));
  const lbs = await findLoadBalancers(find);
  seen.push(...lbs);
  // A listener or rule on the stack's load balancer goes with it, whoever tagged it.
  const onLb = new Map<string, string>();
  for (const lb of lbs.filter(ours)) {
    for (const part of await findListenersAndRules(find, lb.id)) {
      seen.push(part);
      onLb.set(part.id, lb.label);
    }
  }
  seen.push(...(await findTaskDefinitions(find)));
  let clusters = knownClusters(record);
  if (clusters.length === 0) {
    const listed = await listClusters(find);
    clusters = listed.clusters;
    if (listed.truncated)
      notSearched.push(
        `the service ${stackNames(stack).service} in clusters past the first ${clusters.length} of the region: no saved record names the stack's cluster`,
      );
  }
  seen.push(...(await findServices(find, clusters)));
  // What --create-cluster makes, by its names; the sandbox or a narrow policy may not answer all.
  try {
    seen.push(...(await findCapacity(find, knownVpc(record))));
  } catch (error) {
    const names = stackNames(stack);
    notSearched.push(
      `the capacity --create-cluster makes (${names.cluster}, ${names.autoScalingGroup}, ${names.capacityProvider}, ${names.launchTemplate}, ${names.instanceRole}, ${names.instanceSecurityGroup}): ${error instanceof Error ? error.message : String(error)}`,
    );
  }

  const recorded = (f: FoundResource) => (record?.resources ?? []).some((r) => r.kind === f.kind && r.id === f.id);
  const at = new Date(deps.now()).toISOString();
  const found = seen
    .filter((f) => ours(f) && !recorded(f))
    .map((f): RecordedResource => ({
      kind: f.kind,
      id: f.id,
      label: f.label,
      step: f.step ?? stepOf[f.kind],
      createdAt: at,
      ...(f.details ? { details: f.details } : {}),
      foundBy: 'tag',
    }));
  const leftAlone = seen
    .filter((f) => !ours(f))
    .map((f) => {
      const lb = onLb.get(f.id);
      const reason = `${whyLeftAlone(f, stack)}${lb ? `; deleting the load balancer ${lb} deletes it too` : ''}`;
      return { kind: f.kind, id: f.id, label: f.label, step: f.step ?? stepOf[f.kind], reason };
    });
  return { found, leftAlone, notSearched };
}
