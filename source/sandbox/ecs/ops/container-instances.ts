import { ecsErrors } from '../errors.js';
import { paginateInput } from '../paginate.js';
import { renderContainerInstance } from '../render.js';
import { includesTags, type Operation, type OperationDeps } from './operation.js';

/** ListContainerInstances, DescribeContainerInstances. */
export function containerInstanceOperations({ world }: OperationDeps): Record<string, Operation> {
  return {
    ListContainerInstances: (input) => {
      const cluster = world.cluster(input.optionalString('cluster'));
      if (input.has('filter')) {
        throw ecsErrors.invalidParameter('The sandbox does not evaluate cluster query language filters.');
      }
      const status = input.optionalString('status');
      const arns = world.state.containerInstances
        .filter((i) => i.clusterArn === cluster.arn && (status === undefined || i.status === status))
        .map((i) => i.arn);
      const { page, nextToken } = paginateInput(arns, input, { defaultSize: 100, maxSize: 100 });
      return { containerInstanceArns: page, nextToken };
    },

    DescribeContainerInstances: (input) => {
      const cluster = world.cluster(input.optionalString('cluster'));
      const refs = input.strings('containerInstances');
      if (refs.length === 0) throw ecsErrors.invalidParameter('ContainerInstances can not be empty.');
      if (refs.length > 100)
        throw ecsErrors.invalidParameter('Too many containerInstances. A maximum of 100 can be described at once.');
      const withTags = includesTags(input);
      const containerInstances = [];
      const failures = [];
      for (const ref of refs) {
        const instance = world.findInstance(cluster, ref);
        if (instance) containerInstances.push(renderContainerInstance(world, instance, withTags));
        else failures.push({ arn: ref, reason: 'MISSING' });
      }
      return { containerInstances, failures };
    },
  };
}
