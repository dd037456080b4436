/**
 * The ECS world as plain JSON-able records. Times are epoch milliseconds. Everything the sandbox
 * must remember across a restart lives here; live servers and timers live beside it, keyed by ARN.
 */

/** An ECS tag (ECS spells its keys in lower case). */
export type Tag = { key: string; value: string };

/** One entry of a capacity provider strategy, as ECS stores it (weight 0-1000, base 0-100000). */
export type StrategyItemRecord = { capacityProvider: string; weight: number; base: number };

/** The `as_policy` attachment ECS creates on a cluster for a capacity provider with managed scaling. */
export type ClusterAttachmentRecord = {
  id: string;
  capacityProviderName: string;
  scalingPolicyName: string;
  status: 'PRECREATED' | 'ACTIVE' | 'DELETING';
};

export type ClusterRecord = {
  arn: string;
  name: string;
  status: 'ACTIVE' | 'INACTIVE';
  createdAt: number;
  /** Capacity provider names attached to the cluster (PutClusterCapacityProviders replaces the list). */
  capacityProviders?: string[];
  defaultCapacityProviderStrategy?: StrategyItemRecord[];
  attachments?: ClusterAttachmentRecord[];
  /** True while a capacity provider update is in progress (attachmentsStatus UPDATE_IN_PROGRESS). */
  attachmentsUpdating?: boolean;
  /** CreateCluster's settings (containerInsights), as given. */
  settings?: { name: string; value: string }[];
};

/** An Auto Scaling group capacity provider. */
export type CapacityProviderRecord = {
  arn: string;
  name: string;
  status: 'ACTIVE' | 'INACTIVE';
  autoScalingGroupArn: string;
  /** The group's name, read from Auto Scaling at creation: its instances carry it when they register. */
  autoScalingGroupName: string;
  managedScaling: {
    status: 'ENABLED' | 'DISABLED';
    targetCapacity: number;
    minimumScalingStepSize: number;
    maximumScalingStepSize: number;
    instanceWarmupPeriod: number;
  };
  managedTerminationProtection: 'ENABLED' | 'DISABLED';
  managedDraining: 'ENABLED' | 'DISABLED';
  updateStatus: 'CREATE_COMPLETE' | 'DELETE_IN_PROGRESS' | 'DELETE_COMPLETE' | 'DELETE_FAILED';
  updateStatusReason?: string;
  createdAt: number;
};

export type ContainerInstanceRecord = {
  arn: string;
  clusterArn: string;
  ec2InstanceId: string;
  availabilityZone: string;
  subnetId: string;
  privateIp: string;
  /** INACTIVE once deregistered (its EC2 instance terminated, or DeregisterContainerInstance). */
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  registeredAt: number;
  deregisteredAt?: number;
  /** What a booted instance's agent registered; the seeded instances leave these out (t3.medium-like hosts). */
  instanceType?: string;
  cpu?: number;
  memoryMiB?: number;
  architecture?: 'x86_64' | 'arm64';
  /** `ECS_DYNAMIC_HOST_PORT_RANGE` of the agent: the dynamic host ports its tasks get. */
  hostPortRange?: { from: number; to: number };
  autoScalingGroupName?: string;
  /** The capacity provider whose Auto Scaling group launched the instance, when there was one at registration. */
  capacityProviderName?: string;
};

export type PortMapping = { containerPort: number; hostPort: number; protocol: 'tcp' | 'udp' };

/** A container definition: the fields ECS itself reads, plus the rest echoed back as given. */
export type ContainerDefinitionRecord = {
  name: string;
  image: string;
  cpu: number;
  memory?: number;
  memoryReservation?: number;
  essential: boolean;
  portMappings: PortMapping[];
  /** Other fields the caller sent (environment, command, ...), returned unchanged. */
  extra: Record<string, unknown>;
};

export type TaskDefinitionRecord = {
  arn: string;
  family: string;
  revision: number;
  status: 'ACTIVE' | 'INACTIVE';
  networkMode: 'bridge' | 'host' | 'awsvpc' | 'none';
  containerDefinitions: ContainerDefinitionRecord[];
  cpu?: string;
  memory?: string;
  requiresCompatibilities?: string[];
  /** Other top-level fields (taskRoleArn, volumes, ...), returned unchanged. */
  extra: Record<string, unknown>;
  registeredAt: number;
  deregisteredAt?: number;
};

export type LoadBalancerRecord = { targetGroupArn: string; containerName: string; containerPort: number };

export type DeploymentRecord = {
  id: string;
  status: 'PRIMARY' | 'ACTIVE';
  taskDefinitionArn: string;
  desiredCount: number;
  createdAt: number;
  updatedAt: number;
  rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  rolloutStateReason: string;
  /** Tasks of this deployment that failed to start or failed their health checks (the circuit breaker counts them). */
  failedTasks?: number;
};

/** The deployment circuit breaker as CreateService / UpdateService set it (ECS's default: off). */
export type CircuitBreakerRecord = { enable: boolean; rollback: boolean };

export type ServiceEventRecord = { id: string; createdAt: number; message: string };

export type ServiceRecord = {
  arn: string;
  name: string;
  clusterArn: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  desiredCount: number;
  taskDefinitionArn: string;
  loadBalancers: LoadBalancerRecord[];
  deployments: DeploymentRecord[];
  /** Oldest first; rendered newest first as ECS does. */
  events: ServiceEventRecord[];
  createdAt: number;
  roleArn?: string;
  healthCheckGracePeriodSeconds?: number;
  maximumPercent: number;
  minimumHealthyPercent: number;
  deploymentCircuitBreaker?: CircuitBreakerRecord;
  /** The last deployment that completed: what a circuit breaker rolls back to. */
  lastCompleted?: { deploymentId: string; taskDefinitionArn: string };
  propagateTags: string;
  enableECSManagedTags: boolean;
  enableExecuteCommand: boolean;
  /** As given, validated (none: ECS's default, spread over AZs). */
  placementStrategy?: unknown[];
  /** Set instead of the EC2 launch type: tasks go only on instances of these providers. */
  capacityProviderStrategy?: StrategyItemRecord[];
  /** True once "has reached a steady state" was written for the current state. */
  steady: boolean;
  /** When a DRAINING service with no tasks left turns INACTIVE. */
  inactiveAt?: number;
};

export type NetworkBinding = {
  bindIP: string;
  containerPort: number;
  hostPort: number;
  protocol: 'tcp' | 'udp';
  /** hostPort 0 in the task definition: the OS picks the port on every start. */
  dynamic: boolean;
};

export type ContainerRecord = {
  arn: string;
  name: string;
  image: string;
  runtimeId: string;
  lastStatus: 'PENDING' | 'RUNNING' | 'STOPPED';
  exitCode?: number;
  networkBindings: NetworkBinding[];
};

export type TaskStatus = 'PROVISIONING' | 'PENDING' | 'RUNNING' | 'STOPPED';

export type TaskRecord = {
  arn: string;
  id: string;
  clusterArn: string;
  containerInstanceArn: string;
  taskDefinitionArn: string;
  group: string;
  startedBy?: string;
  serviceArn?: string;
  deploymentId?: string;
  lastStatus: TaskStatus;
  desiredStatus: 'RUNNING' | 'STOPPED';
  /** Memory (MiB) and CPU units the task reserves on its container instance. */
  memory: number;
  cpu: number;
  createdAt: number;
  pullStartedAt?: number;
  pullStoppedAt?: number;
  startedAt?: number;
  stoppingAt?: number;
  stoppedAt?: number;
  stopCode?: 'ServiceSchedulerInitiated' | 'UserInitiated' | 'TaskFailedToStart';
  stoppedReason?: string;
  containers: ContainerRecord[];
  /** Answers 500 to everything (an injected health-check failure). */
  failing: boolean;
  /** Injected by `task-unhealthy`: ECS leaves the failing task running, so its failure can be inspected. */
  keptWhenUnhealthy?: boolean;
  /** Injected: its servers died abruptly (connections reset, port refused) while ECS still shows it RUNNING. */
  crashed?: boolean;
  /** Injected: on the stop signal the container drops its open connections instead of finishing them. */
  closeOnStop?: boolean;
  /** Injected: real milliseconds each answer takes, so requests are in flight. */
  latencyMs?: number;
  /** The capacity provider of the instance the task was placed on, when its service uses a strategy. */
  capacityProviderName?: string;
  /** The dynamic host port range of its instance's agent (absent: any port the OS picks). */
  hostPortRange?: { from: number; to: number };
  /** The targets this task registered (instance id + host port per target group), to deregister exactly those. */
  registeredTargets?: { targetGroupArn: string; id: string; port: number }[];
  version: number;
};

/** The whole ECS slice of the sandbox's saved world. */
export type EcsState = {
  version: 1;
  clusters: ClusterRecord[];
  containerInstances: ContainerInstanceRecord[];
  capacityProviders: CapacityProviderRecord[];
  taskDefinitions: TaskDefinitionRecord[];
  services: ServiceRecord[];
  tasks: TaskRecord[];
  /** Tags by resource ARN. */
  tags: Record<string, Tag[]>;
  /** CreateService client tokens → the service ARN they created. */
  clientTokens: Record<string, string>;
  /** Injected task faults still armed (see `TaskFault`). */
  faults?: TaskFaultState;
};

/** Task faults that apply to tasks not stopped or started yet. */
export type TaskFaultState = {
  /** Task definitions (`family:revision`) whose tasks fail their health checks. */
  unhealthyRevisions: string[];
  /** How many of the next tasks the scheduler stops skip draining, and how long (AWS ms) their targets stay routed. */
  stopWithoutDraining: { count: number; routedForMs: number };
  /** Every task (started from now on too) drops its connections on the stop signal. */
  closeOnStop?: boolean;
  /** Every task (started from now on too) takes this many real ms per answer. */
  latencyMs?: number;
};
