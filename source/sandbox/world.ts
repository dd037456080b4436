import type { Action, RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';

/**
 * The sandbox's world: every EC2, IAM and ELBv2 resource, JSON-serialisable so it can be saved to
 * `world.json` as is. Times that matter after a restart (provisioning, draining, lingering network
 * interfaces) are stored as real epoch milliseconds.
 */
export type Tag = { Key: string; Value: string };

export type Vpc = { id: string; cidr: string; isDefault: boolean; tags: Tag[] };
export type Subnet = {
  id: string;
  vpcId: string;
  az: string;
  cidr: string;
  tags: Tag[];
  /** `MapPublicIpOnLaunch` (the default VPC's subnets: true). Undefined in older worlds: true. */
  mapPublicIp?: boolean;
};
/** An internet gateway and the VPC it is attached to (none when detached). */
export type InternetGateway = { id: string; vpcId?: string; tags: Tag[] };
/** A NAT gateway in a (public) subnet. */
export type NatGateway = { id: string; subnetId: string; vpcId: string; tags: Tag[] };
/** A route: destination CIDR to an internet gateway, NAT gateway, or `local`. */
export type Route = { destination: string; gatewayId?: string; natGatewayId?: string };
/** A route table: `main` ones apply to every subnet without an explicit association. */
export type RouteTable = {
  id: string;
  vpcId: string;
  main: boolean;
  routes: Route[];
  associations: { id: string; subnetId: string }[];
  tags: Tag[];
};
/** A launch template with its versions (1-based; `defaultVersion` and `latestVersion` as EC2 keeps them). */
export type LaunchTemplate = {
  id: string;
  name: string;
  createTime: string;
  defaultVersion: number;
  latestVersion: number;
  /** `LaunchTemplateData` of each version as the SDK types it (version n at index n-1). */
  versions: { number: number; createTime: string; description?: string; data: Record<string, unknown> }[];
  tags: Tag[];
};
export type SecurityGroup = { id: string; name: string; description: string; vpcId: string; tags: Tag[] };
export type SgRule = {
  id: string;
  groupId: string;
  egress: boolean;
  /** `tcp`, `udp`, `icmp` or `-1` (all). */
  protocol: string;
  fromPort: number;
  toPort: number;
  cidr?: string;
  sourceGroupId?: string;
  description?: string;
  tags: Tag[];
};
export type Instance = {
  id: string;
  subnetId: string;
  vpcId: string;
  az: string;
  privateIp: string;
  securityGroupIds: string[];
  /** Set for instances launched after the seed (by an Auto Scaling group); seeded ones are t3.small, running. */
  launched?: LaunchedInstance;
};
/** An instance an Auto Scaling group launched: its boot and its ECS agent (times are real epoch ms). */
export type LaunchedInstance = {
  instanceType: string;
  imageId: string;
  architecture: 'x86_64' | 'arm64';
  launchTime: string;
  runningAt: number;
  /** When its ECS agent first tries to register. */
  agentAt: number;
  /** Set once the agent registered it (never twice, also across restarts). */
  registeredAt?: number;
  /** When termination began (shutting-down) and when it is terminated. */
  terminatingAt?: number;
  terminatedAt?: number;
  /** Set once ECS was told the instance is going away. */
  terminationNotified?: boolean;
  userData?: string;
  iamInstanceProfileArn?: string;
  metadataOptions: { httpTokens: string; httpPutResponseHopLimit: number; httpEndpoint: string };
  launchTemplate?: { id: string; name: string; version: string };
  autoScalingGroupName?: string;
  protectedFromScaleIn: boolean;
  publicIp?: string;
  tags: Tag[];
};
export type Eni = {
  id: string;
  subnetId: string;
  vpcId: string;
  az: string;
  privateIp: string;
  description: string;
  requesterId?: string;
  instanceId?: string;
  securityGroupIds: string[];
  /** Set when the owner was deleted: the interface lingers until then (real epoch ms). */
  goneAt?: number;
};
export type Role = {
  name: string;
  path: string;
  arn: string;
  id: string;
  createDate: string;
  assumeRolePolicyDocument: string;
  description?: string;
  /** Undefined in older worlds: none. */
  tags?: Tag[];
  attachedPolicyArns?: string[];
  maxSessionDuration?: number;
};
export type InstanceProfile = {
  name: string;
  path: string;
  arn: string;
  id: string;
  createDate: string;
  roleNames: string[];
  tags: Tag[];
  /** Real epoch ms until which EC2 and Auto Scaling refuse it (IAM eventual consistency). */
  settlesAt: number;
};

/** An Auto Scaling group. */
export type AutoScalingGroup = {
  name: string;
  arn: string;
  launchTemplate: { id: string; name: string; version: string };
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  subnetIds: string[];
  newInstancesProtectedFromScaleIn: boolean;
  createdTime: string;
  tags: { Key: string; Value: string; PropagateAtLaunch: boolean }[];
  /** Set by a forced delete: "Delete in progress" until its instances are terminated. */
  deleting?: boolean;
  defaultCooldown: number;
  healthCheckType: string;
  healthCheckGracePeriod: number;
};
/** A scaling activity as DescribeScalingActivities shows it. */
export type ScalingActivity = {
  id: string;
  groupName: string;
  description: string;
  cause: string;
  startTime: string;
  /** Real epoch ms at which it ends: InProgress until then. */
  endAt: number;
  status: 'Successful' | 'Failed';
  statusMessage?: string;
  progress: number;
  details: string;
};

/** Which world a fresh sandbox starts from: the memo's (a cluster with two instances) or only the default VPC. */
export type SandboxSeed = 'memo' | 'empty';

export type LoadBalancer = {
  arn: string;
  name: string;
  dnsName: string;
  scheme: 'internet-facing' | 'internal';
  ipAddressType: string;
  vpcId: string;
  subnetIds: string[];
  securityGroupIds: string[];
  createdTime: string;
  /** Real epoch ms at which provisioning ends. */
  activeAt: number;
  tags: Tag[];
};
export type HealthCheck = {
  protocol: string;
  port: string;
  path: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
  matcher: string;
  enabled: boolean;
};
export type TargetState = 'initial' | 'healthy' | 'unhealthy' | 'unused' | 'draining' | 'unavailable';
export type Target = {
  id: string;
  port: number;
  /** Real epoch ms at which draining ends; set while draining. */
  drainUntil?: number;
};
export type TargetGroup = {
  arn: string;
  name: string;
  protocol: string;
  port: number;
  vpcId: string;
  targetType: string;
  healthCheck: HealthCheck;
  attributes: Record<string, string>;
  /** When slow start was last turned on (real epoch ms): targets healthy before then do not ramp. */
  slowStartOnSince?: number;
  tags: Tag[];
  targets: Target[];
};
export type Listener = {
  arn: string;
  loadBalancerArn: string;
  port: number;
  protocol: string;
  defaultActions: Action[];
  tags: Tag[];
};
export type Rule = {
  arn: string;
  listenerArn: string;
  priority: number;
  conditions: RuleCondition[];
  actions: Action[];
  tags: Tag[];
};

export type World = {
  version: 1;
  ec2: {
    vpcs: Vpc[];
    subnets: Subnet[];
    securityGroups: SecurityGroup[];
    rules: SgRule[];
    instances: Instance[];
    enis: Eni[];
    internetGateways: InternetGateway[];
    natGateways: NatGateway[];
    routeTables: RouteTable[];
    launchTemplates: LaunchTemplate[];
  };
  iam: { roles: Role[]; instanceProfiles: InstanceProfile[] };
  autoScaling: { groups: AutoScalingGroup[]; activities: ScalingActivity[] };
  /** The seed this world started from (undefined in older worlds: memo). */
  seed?: SandboxSeed;
  elb: { loadBalancers: LoadBalancer[]; targetGroups: TargetGroup[]; listeners: Listener[]; rules: Rule[] };
  /** The ECS part's own snapshot. */
  ecs?: unknown;
  /** The inventory of the world as it was seeded (ids included), kept so tests can compare. */
  seedInventory?: Inventory;
};

/** Every live resource by service, as `GET /_sandbox/inventory` shows it. */
export type Inventory = {
  ec2: Record<string, unknown[]>;
  iam: Record<string, unknown[]>;
  autoscaling: Record<string, unknown[]>;
  elbv2: Record<string, unknown[]>;
  ecs: Record<string, unknown[]>;
};
