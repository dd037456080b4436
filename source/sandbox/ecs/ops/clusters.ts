import { ecsErrors } from '../errors.js';
import { paginateInput } from '../paginate.js';
import { renderCluster } from '../render.js';
import { includesTags, readTags, type Operation, type OperationDeps } from './operation.js';

/** ListClusters, DescribeClusters, CreateCluster, DeleteCluster. */
export function clusterOperations({ world }: OperationDeps): Record<string, Operation> {
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
      const withTags = includesTags(input);
      const clusters = [];
      const failures = [];
      for (const ref of refs) {
        const cluster = world.findCluster(ref);
        if (cluster) clusters.push(renderCluster(world, cluster, withTags));
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
      world.state.clusters = world.state.clusters.filter((c) => c !== existing);
      const cluster = { arn: world.arns.cluster(name), name, status: 'ACTIVE' as const, createdAt: world.now() };
      world.state.clusters.push(cluster);
      const tags = readTags(input);
      if (tags.length > 0) world.state.tags[cluster.arn] = tags;
      world.changed();
      return { cluster: renderCluster(world, cluster, true) };
    },

    DeleteCluster: (input) => {
      const cluster = world.cluster(input.string('cluster', 'Cluster can not be blank.'));
      if (world.state.containerInstances.some((i) => i.clusterArn === cluster.arn))
        throw ecsErrors.clusterContainsInstances();
      if (world.state.services.some((s) => s.clusterArn === cluster.arn && s.status !== 'INACTIVE')) {
        throw ecsErrors.clusterContainsServices();
      }
      if (world.state.tasks.some((t) => t.clusterArn === cluster.arn && t.lastStatus !== 'STOPPED')) {
        throw ecsErrors.clusterContainsTasks();
      }
      cluster.status = 'INACTIVE';
      world.changed();
      return { cluster: renderCluster(world, cluster, false) };
    },
  };
}
