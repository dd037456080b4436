import { deploymentId } from '../arns.js';
import { serviceCapacity } from '../capacity-strategy.js';
import { ecsErrors } from '../errors.js';
import type { Input } from '../input.js';
import { readCircuitBreaker } from '../deployment-config.js';
import { readLoadBalancers } from '../load-balancers.js';
import type { ServiceRecord, TaskDefinitionRecord } from '../model.js';
import { readStrategies } from '../placement-strategy.js';
import { renderService } from '../render-service.js';
import type { EcsWorld } from '../ecs-world.js';
import { readTags, type Operation, type OperationDeps } from './operation.js';

/** The task definition a service names, as ECS checks it at CreateService / UpdateService. */
export function serviceTaskDefinition(world: EcsWorld, ref: string): TaskDefinitionRecord {
  const definition = world.findTaskDefinition(ref);
  if (!definition) throw ecsErrors.invalidParameter('TaskDefinition not found.');
  if (definition.status !== 'ACTIVE') throw ecsErrors.invalidParameter('TaskDefinition is inactive');
  return definition;
}

function readDesiredCount(input: Input): number {
  const desiredCount = input.optionalInteger('desiredCount');
  if (desiredCount === undefined) throw ecsErrors.invalidParameter('desiredCount can not be null.');
  if (desiredCount < 0) throw ecsErrors.invalidParameter('desiredCount can not be negative.');
  return desiredCount;
}

function roleArn(world: EcsWorld, role: string | undefined, loadBalanced: boolean): string | undefined {
  const account = world.ctx.accountId;
  if (role) return role.startsWith('arn:') ? role : `arn:aws:iam::${account}:role/${role}`;
  return loadBalanced
    ? `arn:aws:iam::${account}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`
    : undefined;
}

/**
 * CreateService, validated as ECS does. A `clientToken` seen before returns the ACTIVE service it
 * created (once that service is gone the token is spent and a new one may be created); a live
 * service of the same name is "not idempotent"; a DRAINING one must finish first.
 */
export function createServiceOperation({ world, scheduler }: OperationDeps): Record<string, Operation> {
  return {
    CreateService: (input) => {
      const name = input.string('serviceName', 'serviceName can not be blank.');
      if (!/^[a-zA-Z0-9_-]{1,255}$/.test(name)) {
        throw ecsErrors.invalidParameter(
          'Service name can only contain letters, numbers, hyphens and underscores (up to 255).',
        );
      }
      const cluster = world.cluster(input.optionalString('cluster'));
      const clientToken = input.optionalString('clientToken');
      const existing = world.findService(cluster, name);
      const tokenArn = clientToken === undefined ? undefined : world.state.clientTokens[clientToken];
      const tokenService = world.state.services.find((s) => s.arn === tokenArn && s.status === 'ACTIVE');
      if (tokenService) {
        if (tokenService === existing) return { service: renderService(world, existing, false) };
        throw ecsErrors.invalidParameter('Creation of service was not idempotent.');
      }
      if (existing?.status === 'ACTIVE') throw ecsErrors.invalidParameter('Creation of service was not idempotent.');
      if (existing?.status === 'DRAINING')
        throw ecsErrors.invalidParameter('Unable to Start a service that is still Draining.');
      const capacityProviderStrategy = serviceCapacity(input, cluster);
      if ((input.optionalString('schedulingStrategy') ?? 'REPLICA') !== 'REPLICA') {
        throw ecsErrors.invalidParameter('The sandbox supports the REPLICA scheduling strategy only.');
      }
      const taskDefinition = serviceTaskDefinition(
        world,
        input.string('taskDefinition', 'TaskDefinition can not be blank.'),
      );
      if (input.has('networkConfiguration') && taskDefinition.networkMode !== 'awsvpc') {
        throw ecsErrors.invalidParameter(
          'Network Configuration is not valid for the given networkMode of this task definition.',
        );
      }
      const desiredCount = readDesiredCount(input);
      const loadBalancers = readLoadBalancers(input, taskDefinition, world.ctx.elb);
      const grace = input.optionalInteger('healthCheckGracePeriodSeconds');
      if (grace !== undefined && loadBalancers.length === 0) {
        throw ecsErrors.invalidParameter(
          'Health check grace period is only valid for services configured to use load balancers',
        );
      }
      const config = input.optionalObject('deploymentConfiguration');
      const tags = readTags(input);
      const now = world.now();
      const role = roleArn(world, input.optionalString('role'), loadBalancers.length > 0);
      const service: ServiceRecord = {
        arn: world.arns.service(cluster.name, name),
        name,
        clusterArn: cluster.arn,
        status: 'ACTIVE',
        desiredCount,
        taskDefinitionArn: taskDefinition.arn,
        loadBalancers,
        deployments: [
          {
            id: deploymentId(),
            status: 'PRIMARY',
            taskDefinitionArn: taskDefinition.arn,
            desiredCount,
            createdAt: now,
            updatedAt: now,
            rolloutState: 'IN_PROGRESS',
            rolloutStateReason: 'ECS deployment in progress.',
          },
        ],
        events: [],
        createdAt: now,
        ...(role ? { roleArn: role } : {}),
        ...(grace === undefined ? {} : { healthCheckGracePeriodSeconds: grace }),
        maximumPercent: config?.optionalInteger('maximumPercent') ?? 200,
        minimumHealthyPercent: config?.optionalInteger('minimumHealthyPercent') ?? 100,
        ...readCircuitBreaker(config),
        propagateTags: input.optionalString('propagateTags') ?? 'NONE',
        enableECSManagedTags: input.optionalBoolean('enableECSManagedTags') ?? false,
        enableExecuteCommand: input.optionalBoolean('enableExecuteCommand') ?? false,
        placementStrategy: readStrategies(input.list('placementStrategy')),
        ...(capacityProviderStrategy ? { capacityProviderStrategy } : {}),
        steady: false,
      };
      world.state.services = world.state.services.filter((s) => s !== existing);
      world.state.services.push(service);
      if (tags.length > 0) world.state.tags[service.arn] = tags;
      else delete world.state.tags[service.arn];
      if (clientToken !== undefined) world.state.clientTokens[clientToken] = service.arn;
      world.changed();
      scheduler.reconcile(service);
      return { service: renderService(world, service, false) };
    },
  };
}
