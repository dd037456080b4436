/** Identifiers of the seeded world (like the memo's): fixed so tests and docs can name them. */
export const seed = {
  region: 'ap-northeast-1',
  accountId: '123456789012',
  vpcId: 'vpc-0abc0000000000001',
  vpcCidr: '172.31.0.0/16',
  subnets: [
    { id: 'subnet-0abc00000000000a1', az: 'ap-northeast-1a', cidr: '172.31.0.0/20' },
    { id: 'subnet-0abc00000000000c1', az: 'ap-northeast-1c', cidr: '172.31.16.0/20' },
    { id: 'subnet-0abc00000000000d1', az: 'ap-northeast-1d', cidr: '172.31.32.0/20' },
  ],
  internetGatewayId: 'igw-0abc0000000000001',
  mainRouteTableId: 'rtb-0abc0000000000001',
  defaultSecurityGroupId: 'sg-0abc000000000def0',
  instanceSecurityGroup: { id: 'sg-0abc00000000ec201', name: 'ecs-demo-instances' },
  clusterName: 'ecs-demo',
  instances: [
    { id: 'i-0abc00000000000a1', subnet: 'subnet-0abc00000000000a1', privateIp: '172.31.5.10' },
    { id: 'i-0abc00000000000c2', subnet: 'subnet-0abc00000000000c1', privateIp: '172.31.20.11' },
  ],
  /** The ECS-optimized Amazon Linux 2023 AMIs the sandbox's SSM public parameters name. */
  ecsAmis: {
    x86_64: { id: 'ami-0abc00000000a2301', name: 'al2023-ami-ecs-hvm-2023.0.20261120-kernel-6.1-x86_64' },
    arm64: { id: 'ami-0abc00000000a2302', name: 'al2023-ami-ecs-hvm-2023.0.20261120-kernel-6.1-arm64' },
  },
} as const;
