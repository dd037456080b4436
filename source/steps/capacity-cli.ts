import { stackNames } from '../aws/names.js';
import type { Answers } from '../model/answers.js';
import type { CapacityResult } from '../model/results.js';
import { awsCommand, capture, cliTags, queryText, sh, val } from './cli-text.js';
import { EC2_TRUST_POLICY, INSTANCE_POLICIES } from './capacity-iam.js';
import { amiParameter, userData } from './capacity-template.js';
import { defaults } from './defaults.js';
import type { StepContext } from './types.js';
import { architectureOf } from './validators.js';

/** The launch template data as the CLI takes it: JSON in double quotes, the AMI from `$AMI_ID`. */
function templateData(answers: Answers, stack: string, sg: string, ami: string): string {
  const names = stackNames(stack);
  const tags = [{ Key: 'ecs-alb-wizard:stack', Value: stack }];
  const data = {
    ImageId: '@AMI@',
    InstanceType: answers.instanceType ?? defaults.instanceType,
    IamInstanceProfile: { Name: names.instanceRole },
    SecurityGroupIds: ['@SG@'],
    MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled' },
    UserData: Buffer.from(userData(names.cluster, answers.hostPortRange ?? defaults.hostPortRange)).toString('base64'),
    TagSpecifications: [
      { ResourceType: 'instance', Tags: [...tags, { Key: 'Name', Value: `${stack}-ecs-instance` }] },
      { ResourceType: 'volume', Tags: tags },
    ],
  };
  const json = JSON.stringify(data).replace(/["\\$`]/g, (c) => `\\${c}`);
  return `"${json.replace('@AMI@', ami.replace(/"/g, '')).replace('@SG@', sg.replace(/"/g, ''))}"`;
}

/** The capacity step's aws CLI twin: the same creates in the same order, with a bounded retry where IAM needs time. */
export function capacityCli(answers: Answers, result?: CapacityResult, ctx?: StepContext): string[] {
  const stack = ctx?.stack ?? 'demo';
  const names = stackNames(stack);
  const architecture = architectureOf(answers.instanceType ?? defaults.instanceType);
  const instances = answers.instances ?? defaults.instances;
  const subnets = ctx?.results.network?.subnetIds.join(',') ?? '$(echo $SUBNET_IDS | tr " " ",")';
  const vpc = val(ctx?.results.cluster?.vpcId, 'VPC_ID');
  const sg = val(result?.instanceSecurityGroupId, 'INSTANCE_SG_ID');
  const ami = val(result?.imageId, 'AMI_ID');
  const ecsTags = `key=ecs-alb-wizard:stack,value=${sh(stack)}`;
  const createGroup = awsCommand(
    'autoscaling create-auto-scaling-group',
    ['--auto-scaling-group-name', names.autoScalingGroup],
    ['--launch-template', `LaunchTemplateId=${val(result?.launchTemplateId, 'LT_ID')},Version='$Latest'`],
    ['--min-size', 0],
    ['--max-size', instances],
    ['--desired-capacity', 0],
    ['--vpc-zone-identifier', subnets],
    ['--new-instances-protected-from-scale-in'],
    ['--tags', `${cliTags(stack)},PropagateAtLaunch=true`],
  );
  return [
    awsCommand(
      'ec2 describe-route-tables',
      ['--filters', `Name=vpc-id,Values=${vpc}`],
      queryText('RouteTables[].[RouteTableId,Routes[?DestinationCidrBlock==`0.0.0.0/0`].[GatewayId,NatGatewayId]]'),
    ),
    capture(
      'INSTANCE_SG_ID',
      result?.instanceSecurityGroupId,
      awsCommand(
        'ec2 create-security-group',
        ['--group-name', names.instanceSecurityGroup],
        ['--description', sh(`ecs-alb-wizard ${stack}: ECS container instances`)],
        ['--vpc-id', vpc],
        ['--tag-specifications', sh(`ResourceType=security-group,Tags=[{${cliTags(stack)}}]`)],
        queryText('GroupId'),
      ),
    ),
    awsCommand(
      'iam create-role',
      ['--role-name', names.instanceRole],
      ['--assume-role-policy-document', sh(EC2_TRUST_POLICY)],
      ['--tags', cliTags(stack)],
    ),
    ...INSTANCE_POLICIES.map((arn) =>
      awsCommand('iam attach-role-policy', ['--role-name', names.instanceRole], ['--policy-arn', arn]),
    ),
    awsCommand(
      'iam create-instance-profile',
      ['--instance-profile-name', names.instanceRole],
      ['--tags', cliTags(stack)],
    ),
    awsCommand(
      'iam add-role-to-instance-profile',
      ['--instance-profile-name', names.instanceRole],
      ['--role-name', names.instanceRole],
    ),
    capture(
      'AMI_ID',
      result?.imageId,
      awsCommand('ssm get-parameter', ['--name', amiParameter(architecture)], queryText('Parameter.Value')),
    ),
    capture(
      'LT_ID',
      result?.launchTemplateId,
      awsCommand(
        'ec2 create-launch-template',
        ['--launch-template-name', names.launchTemplate],
        ['--launch-template-data', templateData(answers, stack, sg, ami)],
        ['--tag-specifications', sh(`ResourceType=launch-template,Tags=[{${cliTags(stack)}}]`)],
        queryText('LaunchTemplate.LaunchTemplateId'),
      ),
    ),
    awsCommand('ecs create-cluster', ['--cluster-name', names.cluster], ['--tags', ecsTags]),
    // A new instance profile is refused for a few seconds (IAM eventual consistency): retry, bounded.
    `for attempt in 1 2 3 4 5 6; do ${createGroup} && break; sleep 5; done`,
    `ASG_ARN=$(${awsCommand(
      'autoscaling describe-auto-scaling-groups',
      ['--auto-scaling-group-names', names.autoScalingGroup],
      queryText('AutoScalingGroups[0].AutoScalingGroupARN'),
    )})`,
    awsCommand(
      'ecs create-capacity-provider',
      ['--name', names.capacityProvider],
      [
        '--auto-scaling-group-provider',
        '"autoScalingGroupArn=$ASG_ARN,managedScaling={status=ENABLED,targetCapacity=100},managedTerminationProtection=ENABLED"',
      ],
      ['--tags', ecsTags],
    ),
    awsCommand(
      'ecs put-cluster-capacity-providers',
      ['--cluster', names.cluster],
      ['--capacity-providers', names.capacityProvider],
      ['--default-capacity-provider-strategy', `capacityProvider=${names.capacityProvider},weight=1,base=0`],
    ),
    // Scaled out only now: instances that register before their provider exists are not its.
    awsCommand(
      'autoscaling update-auto-scaling-group',
      ['--auto-scaling-group-name', names.autoScalingGroup],
      ['--max-size', instances],
      ['--desired-capacity', instances],
    ),
  ];
}
