/**
 * The ECS world as plain JSON-able records. Times are epoch milliseconds. Everything the sandbox
 * must remember across a restart lives here; live servers and timers live beside it, keyed by ARN.
 */

/** An ECS tag (ECS spells its keys in lower case). */
export type Tag = { key: string; value: string };

export type ClusterRecord = {
  arn: string;
  name: string;
  status: 'ACTIVE' | 'INACTIVE';
  createdAt: number;
};

export type ContainerInstanceRecord = {
  arn: string;
  clusterArn: string;
  ec2InstanceId: string;
  availabilityZone: string;
  subnetId: string;
  privateIp: string;
  status: 'ACTIVE' | 'DRAINING';
  registeredAt: number;
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
  rolloutState: 'IN_PROGRESS' | 'COMPLETED';
  rolloutStateReason: string;
};

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
  propagateTags: string;
  enableECSManagedTags: boolean;
  enableExecuteCommand: boolean;
  /** As given, validated (none: ECS's default, spread over AZs). */
  placementStrategy?: unknown[];
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
  /** The targets this task registered (instance id + host port per target group), to deregister exactly those. */
  registeredTargets?: { targetGroupArn: string; id: string; port: number }[];
  version: number;
};

/** The whole ECS slice of the sandbox's saved world. */
export type EcsState = {
  version: 1;
  clusters: ClusterRecord[];
  containerInstances: ContainerInstanceRecord[];
  taskDefinitions: TaskDefinitionRecord[];
  services: ServiceRecord[];
  tasks: TaskRecord[];
  /** Tags by resource ARN. */
  tags: Record<string, Tag[]>;
  /** CreateService client tokens → the service ARN they created. */
  clientTokens: Record<string, string>;
};
