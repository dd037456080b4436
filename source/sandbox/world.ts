import type { Action, RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';

/**
 * The sandbox's world: every EC2, IAM and ELBv2 resource, JSON-serialisable so it can be saved to
 * `world.json` as is. Times that matter after a restart (provisioning, draining, lingering network
 * interfaces) are stored as real epoch milliseconds.
 */
export type Tag = { Key: string; Value: string };

export type Vpc = { id: string; cidr: string; isDefault: boolean; tags: Tag[] };
export type Subnet = { id: string; vpcId: string; az: string; cidr: string; tags: Tag[] };
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
};

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
  };
  iam: { roles: Role[] };
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
  elbv2: Record<string, unknown[]>;
  ecs: Record<string, unknown[]>;
};
