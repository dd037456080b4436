import { startDeployment } from '../circuit-breaker.js';
import { readCircuitBreaker } from '../deployment-config.js';
import { updateServiceCapacity } from '../capacity-strategy.js';
import { ecsErrors } from '../errors.js';
import { readLoadBalancers, sameLoadBalancers } from '../load-balancers.js';
import { paginateInput } from '../paginate.js';
import { readStrategies } from '../placement-strategy.js';
import { renderService } from '../render-service.js';
import { serviceTaskDefinition } from './create-service.js';
import { includesTags, type Operation, type OperationDeps } from './operation.js';

/** UpdateService, DescribeServices, ListServices, DeleteService. */
export function serviceOperations({ world, scheduler }: OperationDeps): Record<string, Operation> {
  return {
    UpdateService: (input) => {
      const cluster = world.cluster(input.optionalString('cluster'));
      const service = world.service(cluster, input.string('service', 'service can not be blank.'));
      if (service.status !== 'ACTIVE') throw ecsErrors.serviceNotActive();
      const desiredCount = input.optionalInteger('desiredCount');
      if (desiredCount !== undefined && desiredCount < 0)
        throw ecsErrors.invalidParameter('desiredCount can not be negative.');
      const ref = input.optionalString('taskDefinition');
      const taskDefinition =
        ref === undefined ? world.taskDefinitionByArn(service.taskDefinitionArn) : serviceTaskDefinition(world, ref);
      const loadBalancers = input.has('loadBalancers')
        ? readLoadBalancers(input, taskDefinition, world.ctx.elb)
        : service.loadBalancers;
      const grace = input.optionalInteger('healthCheckGracePeriodSeconds');
      if (grace !== undefined && loadBalancers.length === 0) {
        throw ecsErrors.invalidParameter(
          'Health check grace period is only valid for services configured to use load balancers',
        );
      }
      const newDeployment =
        input.optionalBoolean('forceNewDeployment') === true ||
        taskDefinition.arn !== service.taskDefinitionArn ||
        !sameLoadBalancers(loadBalancers, service.loadBalancers);
      const strategies = input.has('placementStrategy') ? readStrategies(input.list('placementStrategy')) : undefined;
      updateServiceCapacity(input, cluster, service);
      if (desiredCount !== undefined) service.desiredCount = desiredCount;
      if (strategies !== undefined) service.placementStrategy = strategies;
      if (grace !== undefined) service.healthCheckGracePeriodSeconds = grace;
      const config = input.optionalObject('deploymentConfiguration');
      service.maximumPercent = config?.optionalInteger('maximumPercent') ?? service.maximumPercent;
      service.minimumHealthyPercent = config?.optionalInteger('minimumHealthyPercent') ?? service.minimumHealthyPercent;
      const { deploymentCircuitBreaker } = readCircuitBreaker(config);
      if (deploymentCircuitBreaker) service.deploymentCircuitBreaker = deploymentCircuitBreaker;
      if (newDeployment) {
        service.loadBalancers = loadBalancers;
        startDeployment(world, service, taskDefinition.arn);
      }
      service.steady = false;
      world.changed();
      scheduler.reconcile(service);
      return { service: renderService(world, service, false) };
    },

    DescribeServices: (input) => {
      const cluster = world.cluster(input.optionalString('cluster'));
      const refs = input.strings('services');
      if (refs.length === 0) throw ecsErrors.invalidParameter('Services cannot be empty.');
      if (refs.length > 10)
        throw ecsErrors.invalidParameter('Too many services. A maximum of 10 services can be described at once.');
      const withTags = includesTags(input);
      const services = [];
      const failures = [];
      for (const ref of refs) {
        const service = world.findService(cluster, ref);
        if (service) services.push(renderService(world, service, withTags));
        else
          failures.push({
            arn: ref.startsWith('arn:') ? ref : world.arns.service(cluster.name, ref),
            reason: 'MISSING',
          });
      }
      return { services, failures };
    },

    ListServices: (input) => {
      const cluster = world.cluster(input.optionalString('cluster'));
      const launchType = input.optionalString('launchType');
      const strategy = input.optionalString('schedulingStrategy');
      const arns = world.state.services
        .filter((s) => s.clusterArn === cluster.arn && s.status !== 'INACTIVE')
        .filter(
          () =>
            (launchType === undefined || launchType === 'EC2') && (strategy === undefined || strategy === 'REPLICA'),
        )
        .map((s) => s.arn);
      const { page, nextToken } = paginateInput(arns, input, { defaultSize: 10, maxSize: 100 });
      return { serviceArns: page, nextToken };
    },

    DeleteService: (input) => {
      const cluster = world.cluster(input.optionalString('cluster'));
      const service = world.service(cluster, input.string('service', 'service can not be blank.'));
      if (service.status === 'INACTIVE') throw ecsErrors.serviceNotActive();
      if (service.status === 'ACTIVE') {
        const force = input.optionalBoolean('force') === true;
        if (service.desiredCount > 0 && !force) {
          throw ecsErrors.invalidParameter('The service cannot be stopped while it is scaled above 0.');
        }
        service.status = 'DRAINING';
        service.desiredCount = 0;
        for (const d of service.deployments) {
          d.desiredCount = 0;
          d.updatedAt = world.now();
        }
        world.changed();
        scheduler.reconcile(service);
      }
      return { service: renderService(world, service, false) };
    },
  };
}
