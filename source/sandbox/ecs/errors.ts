import { SandboxError } from '../contracts.js';

/** AWS's errors for ECS, with the codes and messages ECS sends. */
export const ecsErrors = {
  invalidParameter: (message: string) => new SandboxError('InvalidParameterException', message),
  client: (message: string) => new SandboxError('ClientException', message),
  clusterNotFound: () => new SandboxError('ClusterNotFoundException', 'Cluster not found.'),
  serviceNotFound: () => new SandboxError('ServiceNotFoundException', 'Service not found.'),
  serviceNotActive: () => new SandboxError('ServiceNotActiveException', 'Service was not ACTIVE.'),
  resourceNotFound: () => new SandboxError('ResourceNotFoundException', 'The specified resource could not be found.'),
  clusterContainsInstances: () =>
    new SandboxError(
      'ClusterContainsContainerInstancesException',
      'The Cluster cannot be deleted while Container Instances are active or draining.',
    ),
  clusterContainsServices: () =>
    new SandboxError('ClusterContainsServicesException', 'The Cluster cannot be deleted while Services are active.'),
  clusterContainsTasks: () =>
    new SandboxError('ClusterContainsTasksException', 'The Cluster cannot be deleted while Tasks are active.'),
  updateInProgress: () =>
    new SandboxError(
      'UpdateInProgressException',
      'The cluster has a capacity provider update in progress. Wait for it to complete and try again.',
    ),
  resourceInUse: () =>
    new SandboxError('ResourceInUseException', 'The specified capacity provider is in use and cannot be removed.'),
  notAssociated: () =>
    new SandboxError(
      'InvalidParameterException',
      'The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again.',
    ),
};
