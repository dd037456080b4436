import { readCapacityStrategy } from '../capacity-strategy.js';
import { setCapacityProviders } from '../cluster-capacity.js';
import { ecsErrors } from '../errors.js';
import type { Input } from '../input.js';
import { paginateInput } from '../paginate.js';
import { renderCluster } from '../render-cluster.js';
import { readTags, type Operation, type OperationDeps } from './operation.js';

const includes = ['ATTACHMENTS', 'CONFIGURATIONS', 'SETTINGS', 'STATISTICS', 'TAGS'];

function readSettings(input: Input): { name: string; value: string }[] | undefined {
  if (!input.has('settings')) return undefined;
  return input.objects('settings').map((setting) => {
    const name = setting.string('name', 'Setting name can not be blank.');
    if (name !== 'containerInsights')
      throw ecsErrors.invalidParameter(`Invalid cluster setting name '${name}': use containerInsights.`);
    const value = setting.string('value', 'Setting value can not be blank.');
    if (!['enabled', 'disabled', 'enhanced'].includes(value))
      throw ecsErrors.invalidParameter(
        `Invalid containerInsights value '${value}': use enabled, disabled or enhanced.`,
      );
    return { name, value };
  });
}

/**
 * ListClusters, DescribeClusters, CreateCluster, DeleteCluster. A cluster's capacity providers are
 * set at creation or by PutClusterCapacityProviders; deleting the cluster detaches them (as on
 * AWS, where ClusterContainsCapacityProviderException is for managed instances providers only).
 */
export function clusterOperations(deps: OperationDeps): Record<string, Operation> {
  const { world } = deps;
  return {
    ListClusters: (input) => {
      const arns = world.state.clusters.filter((c) => c.status === 'ACTIVE').map((c) => c.arn);
      const { page, nextToken } = paginateInput(arns, input, { defaultSize: 100, maxSize: 100 });
      return { clusterArns: page, nextToken };
    },

    DescribeClusters: (input) => {
      const refs = input.has('clusters') ? input.strings('clusters') : ['default'];
      if (refs.length > 100)
        throw ecsErrors.invalidParameter('Too many clusters. A maximum of 100 clusters can be described at once.');
      const include = input.strings('include');
      const unknown = include.find((i) => !includes.includes(i));
      if (unknown !== undefined)
        throw ecsErrors.invalidParameter(`Invalid include value '${unknown}': use ${includes.join(', ')}.`);
      const wants = {
        tags: include.includes('TAGS'),
        attachments: include.includes('ATTACHMENTS'),
        statistics: include.includes('STATISTICS'),
      };
      const clusters = [];
      const failures = [];
      for (const ref of refs) {
        const cluster = world.findCluster(ref);
        if (cluster) clusters.push(renderCluster(world, cluster, wants));
        else failures.push({ arn: ref.startsWith('arn:') ? ref : world.arns.cluster(ref), reason: 'MISSING' });
      }
      return { clusters, failures };
    },

    CreateCluster: (input) => {
      const name = input.optionalString('clusterName') ?? 'default';
      if (!/^[a-zA-Z0-9_-]{1,255}$/.test(name)) {
        throw ecsErrors.invalidParameter('Cluster name can only contain letters, numbers, hyphens and underscores.');
      }
      const existing = world.findCluster(name);
      if (existing?.status === 'ACTIVE') return { cluster: renderCluster(world, existing, true) };
      const settings = readSettings(input);
      const providers = input.strings('capacityProviders');
      const strategy = readCapacityStrategy(input, 'defaultCapacityProviderStrategy');
      const tags = readTags(input);
      const cluster = {
        arn: world.arns.cluster(name),
        name,
        status: 'ACTIVE' as const,
        createdAt: world.now(),
        ...(settings ? { settings } : {}),
      };
      if (providers.length > 0 || strategy.length > 0) setCapacityProviders(deps, cluster, providers, strategy);
      world.state.clusters = world.state.clusters.filter((c) => c !== existing);
      world.state.clusters.push(cluster);
      if (tags.length > 0) world.state.tags[cluster.arn] = tags;
      else delete world.state.tags[cluster.arn];
      world.changed();
      return { cluster: renderCluster(world, cluster, true) };
    },

    DeleteCluster: (input) => {
      const cluster = world.cluster(input.string('cluster', 'Cluster can not be blank.'));
      if (world.state.containerInstances.some((i) => i.clusterArn === cluster.arn && i.status !== 'INACTIVE'))
        throw ecsErrors.clusterContainsInstances();
      if (world.state.services.some((s) => s.clusterArn === cluster.arn && s.status !== 'INACTIVE')) {
        throw ecsErrors.clusterContainsServices();
      }
      if (world.state.tasks.some((t) => t.clusterArn === cluster.arn && t.lastStatus !== 'STOPPED')) {
        throw ecsErrors.clusterContainsTasks();
      }
      if (cluster.attachmentsUpdating) throw ecsErrors.updateInProgress();
      cluster.status = 'INACTIVE';
      cluster.capacityProviders = [];
      cluster.defaultCapacityProviderStrategy = [];
      cluster.attachments = [];
      world.changed();
      return { cluster: renderCluster(world, cluster, false) };
    },
  };
}
