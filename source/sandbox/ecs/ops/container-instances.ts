import { retireInstance } from '../agents.js';
import { ecsErrors } from '../errors.js';
import { paginateInput } from '../paginate.js';
import { renderContainerInstance } from '../render.js';
import { includesTags, type Operation, type OperationDeps } from './operation.js';

const statuses = ['ACTIVE', 'DRAINING', 'REGISTERING', 'DEREGISTERING', 'REGISTRATION_FAILED'];

/**
 * ListContainerInstances, DescribeContainerInstances, DeregisterContainerInstance. A deregistered
 * instance turns INACTIVE: DescribeContainerInstances still shows it, ListContainerInstances does not.
 */
export function containerInstanceOperations({ world, scheduler }: OperationDeps): Record<string, Operation> {
  return {
    ListContainerInstances: (input) => {
      const cluster = world.cluster(input.optionalString('cluster'));
      if (input.has('filter')) {
        throw ecsErrors.invalidParameter('The sandbox does not evaluate cluster query language filters.');
      }
      const status = input.optionalString('status');
      if (status !== undefined && !statuses.includes(status))
        throw ecsErrors.invalidParameter(`Invalid status '${status}': use ${statuses.join(', ')}.`);
      const arns = world.state.containerInstances
        .filter(
          (i) =>
            i.clusterArn === cluster.arn && i.status !== 'INACTIVE' && (status === undefined || i.status === status),
        )
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

    /**
     * Without `force`, refused while tasks run there. With it, the instance is INACTIVE at once and
     * its tasks' targets are dropped; AWS leaves such tasks running unaccounted for (orphaned),
     * the sandbox stops them, and either way the service starts replacements elsewhere.
     */
    DeregisterContainerInstance: (input) => {
      const cluster = world.cluster(input.optionalString('cluster'));
      const ref = input.string('containerInstance', 'containerInstance can not be blank.');
      const instance = world.findInstance(cluster, ref);
      if (!instance) throw ecsErrors.invalidParameter('The referenced container instance was not found.');
      if (instance.status !== 'INACTIVE') {
        const busy = world.state.tasks.some(
          (t) => t.containerInstanceArn === instance.arn && t.lastStatus !== 'STOPPED',
        );
        if (busy && input.optionalBoolean('force') !== true)
          throw ecsErrors.invalidParameter('Found running tasks on the instance.');
        retireInstance(
          world,
          scheduler,
          instance,
          `Container instance ${ref.slice(ref.lastIndexOf('/') + 1)} was deregistered.`,
        );
      }
      return { containerInstance: renderContainerInstance(world, instance, false) };
    },
  };
}
