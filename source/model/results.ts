import type { StepId } from './steps.js';

/** An ECS cluster as the cluster question lists it. */
export type ClusterSummary = { name: string; arn: string; instances: number; status: string };

export type AccountResult = { accountId: string; arn: string; region: string; clusters: ClusterSummary[] };

export type SubnetSummary = { id: string; az: string; cidr?: string; public: boolean };

export type ClusterResult = {
  clusterName: string;
  clusterArn: string;
  instances: { containerInstanceArn: string; ec2InstanceId: string }[];
  vpcId: string;
  /**
   * The security group every container instance is in; the ingress rule goes here. Absent when
   * this stack creates the cluster: the capacity step creates the group.
   */
  instanceSecurityGroupId?: string;
  subnets: SubnetSummary[];
  /** `create` when this stack creates the cluster and its EC2 capacity (`--create-cluster`). */
  mode?: 'existing' | 'create';
};

/** The EC2 capacity the capacity step created for a cluster of this stack's own. */
export type CapacityResult = {
  clusterName: string;
  clusterArn: string;
  instanceSecurityGroupId: string;
  roleName: string;
  instanceProfileName: string;
  instanceProfileArn: string;
  launchTemplateId: string;
  imageId: string;
  architecture: 'x86_64' | 'arm64';
  instanceType: string;
  autoScalingGroupName: string;
  capacityProviderName: string;
  /** Instances the group was asked for (desired = max). */
  desired: number;
};

/** The container instances the instances step saw register. */
export type InstancesResult = {
  instances: { ec2InstanceId: string; containerInstanceArn: string; az: string }[];
};

export type NetworkResult = { vpcId: string; subnetIds: string[]; azs: string[] };

export type SecurityGroupsResult = {
  albSecurityGroupId: string;
  instanceSecurityGroupId: string;
  fromPort: number;
  toPort: number;
};

export type TargetGroupResult = { targetGroupArn: string; name: string };

export type LoadBalancerResult = { loadBalancerArn: string; name: string; dnsName: string; scheme: string };

export type ListenerResult = { listenerArn: string; ruleArn: string; port: number };

export type ServiceRoleResult = { roleName: string; roleArn: string; created: boolean };

export type TaskDefinitionResult = { taskDefinitionArn: string; family: string; revision: number };

export type ServiceResult = { serviceArn: string; serviceName: string; desiredCount: number; healthy: number };

export type ScaleOutResult = { desiredCount: number; healthy: number };

/** Each step's result type, by step id. */
export type StepResultMap = {
  account: AccountResult;
  cluster: ClusterResult;
  network: NetworkResult;
  capacity: CapacityResult;
  'security-groups': SecurityGroupsResult;
  'target-group': TargetGroupResult;
  'load-balancer': LoadBalancerResult;
  listener: ListenerResult;
  'service-role': ServiceRoleResult;
  'task-definition': TaskDefinitionResult;
  instances: InstancesResult;
  service: ServiceResult;
  'scale-out': ScaleOutResult;
};

/** The results known so far (saved progress plus this run). */
export type StepResults = { [K in StepId]?: StepResultMap[K] };
