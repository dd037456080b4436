import { ecsErrors } from '../errors.js';
import { paginateInput } from '../paginate.js';
import { renderTask } from '../render-task.js';
import { includesTags, type Operation, type OperationDeps } from './operation.js';

const desiredStatuses = ['RUNNING', 'PENDING', 'STOPPED'];

/** ListTasks, DescribeTasks, StopTask. */
export function taskOperations({ world, scheduler }: OperationDeps): Record<string, Operation> {
  return {
    ListTasks: (input) => {
      const cluster = world.cluster(input.optionalString('cluster'));
      const desiredStatus = input.optionalString('desiredStatus') ?? 'RUNNING';
      if (!desiredStatuses.includes(desiredStatus)) {
        throw ecsErrors.invalidParameter(`desiredStatus must be one of ${desiredStatuses.join(', ')}.`);
      }
      const serviceName = input.optionalString('serviceName');
      const service = serviceName === undefined ? undefined : world.service(cluster, serviceName);
      const instanceRef = input.optionalString('containerInstance');
      const instance = instanceRef === undefined ? undefined : world.findInstance(cluster, instanceRef);
      if (instanceRef !== undefined && !instance)
        throw ecsErrors.invalidParameter('Container instance can not be found.');
      const family = input.optionalString('family');
      const startedBy = input.optionalString('startedBy');
      const launchType = input.optionalString('launchType');
      const arns = world.state.tasks
        .filter(
          (t) =>
            t.clusterArn === cluster.arn &&
            t.desiredStatus === desiredStatus &&
            (service === undefined || t.serviceArn === service.arn) &&
            (instance === undefined || t.containerInstanceArn === instance.arn) &&
            (family === undefined ||
              world.state.taskDefinitions.some((d) => d.arn === t.taskDefinitionArn && d.family === family)) &&
            (startedBy === undefined || t.startedBy === startedBy) &&
            (launchType === undefined || launchType === 'EC2'),
        )
        .map((t) => t.arn);
      const { page, nextToken } = paginateInput(arns, input, { defaultSize: 100, maxSize: 100 });
      return { taskArns: page, nextToken };
    },

    DescribeTasks: (input) => {
      const cluster = world.cluster(input.optionalString('cluster'));
      const refs = input.strings('tasks');
      if (refs.length === 0) throw ecsErrors.invalidParameter('Tasks cannot be empty.');
      if (refs.length > 100)
        throw ecsErrors.invalidParameter('Too many tasks. A maximum of 100 tasks can be described at once.');
      const withTags = includesTags(input);
      const tasks = [];
      const failures = [];
      for (const ref of refs) {
        const task = world.findTask(cluster, ref);
        if (task) tasks.push(renderTask(world, task, withTags));
        else
          failures.push({ arn: ref.startsWith('arn:') ? ref : world.arns.task(cluster.name, ref), reason: 'MISSING' });
      }
      return { tasks, failures };
    },

    StopTask: (input) => {
      const cluster = world.cluster(input.optionalString('cluster'));
      const task = world.findTask(cluster, input.string('task', 'task can not be blank.'));
      if (!task) throw ecsErrors.invalidParameter('The referenced task was not found.');
      scheduler.runner.stop(task, 'UserInitiated', input.optionalString('reason') ?? 'Task stopped by user');
      const service = task.serviceArn ? world.state.services.find((s) => s.arn === task.serviceArn) : undefined;
      if (service) scheduler.reconcile(service);
      return { task: renderTask(world, task, false) };
    },
  };
}
