import { Box } from 'ink';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedResource } from '../../source/model/resources.js';
import { steps as engineSteps } from '../../source/steps/index.js';
import { capacityStep } from '../../source/steps/capacity.js';
import { serviceStep } from '../../source/steps/service.js';
import { App } from '../../source/ui/app.js';
import { CurrentStep } from '../../source/ui/components/current-step.js';
import { TeardownConfirm } from '../../source/ui/components/teardown-confirm.js';
import type { StackProgress } from '../../source/ui/port.js';
import { keptOnPurpose } from '../../source/ui/state/kept-lines.js';
import { initialState, wizardReducer } from '../../source/ui/state/reducer.js';
import { RUN_ORDER } from '../../source/ui/state/step-order.js';
import { FakePort, memoSteps, type FakeStep } from './helpers/fake-port.js';
import { ENTER, renderScreen, type Screen } from './helpers/ink.js';

let screen: Screen | undefined;
afterEach(async () => {
  await screen?.unmount();
  screen = undefined;
});

const made = (kind: RecordedResource['kind'], id: string, label: string): RecordedResource => ({
  kind,
  id,
  label,
  step: 'capacity',
  createdAt: '2026-01-01T00:00:00Z',
});

/** The empty account: the cluster question offers to create one first; capacity and instances run only then. */
function firstTimeSteps(): FakeStep[] {
  const memo = memoSteps().map((s) =>
    s.id === 'cluster'
      ? {
          ...s,
          questions: [
            {
              key: 'cluster' as const,
              flag: '--cluster',
              kind: 'select' as const,
              message: 'No ECS cluster has EC2 container instances: create one, or pick one?',
              choices: [
                {
                  value: '--create-cluster',
                  label: 'Create a new cluster demo-cluster',
                  hint: 'with its own EC2 instances',
                },
                { value: 'batch', label: 'batch', hint: '0 container instances' },
              ],
            },
          ],
        }
      : s,
  );
  const capacity: FakeStep = {
    id: 'capacity',
    title: 'Create the cluster and its EC2 capacity',
    creates: { kind: 'iam-role', id: 'demo-ecs-instance', label: 'demo-ecs-instance' },
    targets: [[]],
  };
  const instances: FakeStep = { id: 'instances', title: 'Wait for the container instances' };
  const at = (id: string) => memo.findIndex((s) => s.id === id);
  memo.splice(at('security-groups'), 0, capacity);
  memo.splice(at('service'), 0, instances);
  return memo;
}

/** A new stack without --create-cluster: its saved progress lists only the steps that apply without it. */
class FirstTimePort extends FakePort {
  override async progress(): Promise<StackProgress> {
    const progress = await super.progress();
    return { ...progress, steps: progress.steps.filter((s) => s.id !== 'capacity' && s.id !== 'instances') };
  }
}

describe('the step list on a first-time run', () => {
  it('Given the engine steps, Then the screen knows them in the same run order', () => {
    expect(RUN_ORDER).toEqual(engineSteps.map((s) => s.id));
  });

  it('Given the user chooses to create the cluster at its prompt, Then capacity and instances join the list in run order and capacity spins while it runs', async () => {
    const port = new FirstTimePort(firstTimeSteps());
    port.holdWaits = true;
    screen = await renderScreen(<App port={port} onExit={() => undefined} />);
    await screen.waitFor('It will create:');
    await screen.press(ENTER);
    await screen.waitFor('create one, or pick one?');
    expect(screen.frame()).toMatch(/Create a new cluster demo-cluster \(with its own EC2 instances\)/);
    expect(screen.frame()).not.toMatch(/demo-cluster {2}with/);
    await screen.press(ENTER);
    for (const label of ['Subnets for the load balancer']) {
      await screen.waitFor(label);
      await screen.press(ENTER);
    }
    await screen.waitFor('healthy targets');
    const frame = screen.frame();
    expect(frame).toMatch(/ 4 capacity/);
    expect(frame).not.toMatch(/[○✔] +4 capacity/);
    expect(frame).toMatch(/○ {2}5 security-groups/);
    expect(frame).toMatch(/○ 11 instances/);
    expect(frame).toMatch(/○ 13 scale-out/);
    expect(frame).not.toMatch(/1[23] capacity/);
    // The cluster step's answer reads as the flag a headless run takes, and the role names its kind.
    expect(screen.all()).toMatch(/^ *--create-cluster *$/m);
    expect(screen.all()).not.toMatch(/--cluster Create a new cluster/);
    expect(frame).toMatch(/created IAM role demo-ecs-instance/);
    port.release();
  });

  it('Given an existing cluster chosen, Then the list stays without capacity and instances', () => {
    const progress = {
      stack: 'demo',
      where: 'x',
      sandbox: true,
      steps: RUN_ORDER.filter((id) => id !== 'capacity' && id !== 'instances').map((id) => ({
        id,
        title: id,
        status: 'pending' as const,
      })),
      resources: [],
    };
    const loaded = wizardReducer(initialState, { type: 'loaded', progress });
    const answered = wizardReducer(loaded, {
      type: 'answered',
      given: [{ label: 'Which cluster?', flag: '--cluster', value: 'ecs-demo' }],
    });
    expect(answered.steps.map((s) => s.id)).not.toContain('capacity');
    // A step that starts unlisted still takes its run-order place, not the end.
    const started = wizardReducer(answered, {
      type: 'event',
      event: { type: 'step-start', step: 'capacity', title: 'Create the cluster and its EC2 capacity', why: '' },
    });
    expect(started.steps.map((s) => s.id).indexOf('capacity')).toBe(3);
    expect(started.steps[3]?.status).toBe('running');
  });
});

describe('the cluster step answered by flag', () => {
  it('Given --create-cluster on the command line, Then its line reads as the flag alone, and a valued flag keeps its value', () => {
    let state = wizardReducer(initialState, {
      type: 'event',
      event: {
        type: 'step-start',
        step: 'cluster',
        title: 'Pick the ECS cluster',
        why: '',
        answered: [
          { key: 'createCluster', flag: '--create-cluster', value: 'true', source: 'flag' },
          { key: 'instances', flag: '--instances', value: '3', source: 'flag' },
        ],
      },
    });
    state = wizardReducer(state, {
      type: 'event',
      event: { type: 'step-done', step: 'cluster', title: 'Pick the ECS cluster', summary: [], cli: [] },
    });
    const item = state.log.at(-1);
    expect(item?.kind === 'step' ? item.lines : []).toEqual([
      '--create-cluster (from flag)',
      '--instances 3 (from flag)',
    ]);
  });
});

describe('resource lines name their kind', () => {
  it('Given a role and an instance profile of the same name, When the step finishes, Then each line says which it is', () => {
    let state = wizardReducer(initialState, {
      type: 'event',
      event: { type: 'step-start', step: 'capacity', title: 'Capacity', why: '' },
    });
    for (const r of [
      made('iam-role', 'demo-ecs-instance', 'demo-ecs-instance'),
      made('instance-profile', 'arn:aws:iam::123456789012:instance-profile/demo-ecs-instance', 'demo-ecs-instance'),
      made('auto-scaling-group', 'demo-asg', 'demo-asg'),
    ])
      state = wizardReducer(state, {
        type: 'event',
        event: { type: 'resource', step: 'capacity', resource: r, reused: false },
      });
    state = wizardReducer(state, {
      type: 'event',
      event: { type: 'step-done', step: 'capacity', title: 'Capacity', summary: [], cli: [] },
    });
    const item = state.log.at(-1);
    const lines = item?.kind === 'step' ? item.lines : [];
    expect(lines[0]).toBe('created IAM role demo-ecs-instance');
    expect(lines[1]).toMatch(/^created instance profile demo-ecs-instance {2}instance-profile\/demo-ecs-instance$/);
    expect(lines[2]).toBe('created Auto Scaling group demo-asg');
    state = wizardReducer(state, {
      type: 'event',
      event: { type: 'teardown-done', resource: made('launch-template', 'lt-0abc', 'demo-lt'), outcome: 'deleted' },
    });
    expect(state.log.at(-1)).toMatchObject({ kind: 'teardown', label: 'launch template demo-lt' });
  });
});

describe('teardown of a first-time stack', () => {
  const capacity = [
    made('capacity-provider', 'arn:aws:ecs:r:1:capacity-provider/demo-cp', 'demo-cp'),
    made('auto-scaling-group', 'demo-asg', 'demo-asg'),
    made('ecs-cluster', 'arn:aws:ecs:r:1:cluster/demo-cluster', 'demo-cluster'),
  ];
  const sg = { ...made('security-group', 'sg-0abc', 'demo-alb-sg'), step: 'security-groups' as const };

  it('Given a created cluster, Then the confirmation says the cluster and its EC2 capacity are deleted, not kept', async () => {
    screen = await renderScreen(
      <Box width={80}>
        <TeardownConfirm resources={[sg, ...capacity]} onConfirm={() => undefined} onCancel={() => undefined} />
      </Box>,
    );
    await screen.waitFor('Delete these?');
    const frame = screen.frame().replace(/\s+/g, ' ');
    expect(frame).toContain('The cluster demo-cluster and its EC2 capacity');
    expect(frame).toContain('are deleted');
    expect(frame).not.toContain('are kept');
  });

  it('Given an existing cluster, Then it says the cluster and its instances are kept', async () => {
    screen = await renderScreen(
      <TeardownConfirm resources={[sg]} onConfirm={() => undefined} onCancel={() => undefined} />,
    );
    await screen.waitFor('Delete these?');
    expect(screen.frame()).toContain('The cluster, its instances and their security group are kept');
  });

  it("Given the stack had an Auto Scaling group, Then Auto Scaling's linked role is listed as kept beside ECS's", () => {
    const ecsRole = {
      ...made('service-linked-role', 'arn:aws:iam::1:role/AWSServiceRoleForECS', 'AWSServiceRoleForECS'),
      step: 'service-role' as const,
    };
    const lines = keptOnPurpose([ecsRole], [sg, ...capacity]);
    expect(lines).toEqual([
      'Kept on purpose:',
      '  • service-linked-role AWSServiceRoleForECS',
      '  • service-linked-role AWSServiceRoleForAutoScaling (made by Auto Scaling)',
    ]);
    expect(keptOnPurpose([ecsRole], [sg]).join('\n')).not.toContain('AWSServiceRoleForAutoScaling');
  });
});

describe('the why of a step at 80 columns', () => {
  it('Given the capacity and service steps, Then no wrapped line starts with a space', async () => {
    for (const step of [capacityStep, serviceStep]) {
      screen = await renderScreen(
        <Box width={80}>
          <CurrentStep
            step={{ id: step.id, title: step.title, why: step.why, answered: [], given: [], resources: [], logs: [] }}
          />
        </Box>,
      );
      await screen.waitFor(step.title);
      const lines = screen.frame().split('\n');
      expect(lines.length).toBeGreaterThan(2);
      for (const line of lines) expect(line).not.toMatch(/^ /);
      expect(lines.join(' ').replace(/\s+/g, ' ')).toContain(step.why.replace(/\s+/g, ' '));
      await screen.unmount();
      screen = undefined;
    }
  });
});

describe('the start screen with --create-cluster at 80 columns', () => {
  const preview = {
    cluster: 'demo-cluster',
    instanceType: 't4g.small',
    instances: '3',
    autoScalingGroup: 'demo-asg',
    capacityProvider: 'demo-cp',
    instanceRole: 'demo-ecs-instance',
    launchTemplate: 'demo-lt',
    instanceSecurityGroup: 'demo-instances-sg',
  };
  const progress = (capacity?: typeof preview) => ({
    stack: 'demo',
    where: 'us-east-1',
    sandbox: false,
    steps: RUN_ORDER.map((id) => ({ id, title: id, status: 'pending' as const })),
    ...(capacity ? { capacity } : {}),
    resources: [],
  });

  it('Given the capacity it will make, Then the cluster, the instances (type x count), the group and the role come first, each on one line', async () => {
    const { StartScreen } = await import('../../source/ui/components/start-screen.js');
    screen = await renderScreen(
      <Box width={80}>
        <StartScreen progress={progress(preview)} />
      </Box>,
    );
    await screen.waitFor('costs money');
    const lines = screen.frame().split('\n');
    const first = lines.slice(1, 5).map((l) => l.trim());
    expect(first).toEqual([
      '• ECS cluster demo-cluster',
      '• 3 x t4g.small EC2 instances (ECS-optimized Amazon Linux 2023)',
      '• Auto Scaling group demo-asg, run by capacity provider demo-cp',
      '• IAM role demo-ecs-instance and its instance profile, for the instances',
    ]);
    expect(lines[5]).toContain('launch template demo-lt, security group demo-instances-sg');
    expect(lines[6]).toContain('a security group for the load balancer');
    // The target group's drain is the default deregistration delay, under the container's stop timeout.
    expect(lines.find((l) => l.includes('a target group'))).toContain('20 s drain');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
  });
});

describe('a first-time wait at 80 columns', () => {
  it('Given the instances wait a minute in, Then how long it usually takes is shown whole', async () => {
    const { WaitPanel } = await import('../../source/ui/components/wait-panel.js');
    screen = await renderScreen(
      <Box width={80}>
        <WaitPanel
          waits={[
            {
              id: 'auto-scaling-group-deleted',
              step: 'capacity',
              what: 'Auto Scaling group demo-asg to terminate its instances and go',
              progress: '1/2 instances terminated, group still there',
              usually: 'usually 1-3 min on AWS',
              startedAt: Date.now() - 65_000,
            },
          ]}
        />
      </Box>,
    );
    await screen.waitFor('elapsed');
    const text = screen.frame().replace(/\s+/g, ' ');
    expect(text).toContain('1/2 instances terminated, group still there · 1m 05s elapsed · usually 1-3 min on AWS');
    expect(text).not.toContain('…');
  });
});

describe("the capacity step's summary in the log", () => {
  it('Given AWS-length ids, Then every line fits an 80-column log row (4 columns of indent) and names the security group', () => {
    const lines = capacityStep.summary({
      clusterName: 'demo-cluster',
      clusterArn: 'arn:aws:ecs:ap-northeast-1:123456789012:cluster/demo-cluster',
      instanceSecurityGroupId: 'sg-0123456789abcdef0',
      roleName: 'demo-ecs-instance',
      instanceProfileName: 'demo-ecs-instance',
      instanceProfileArn: 'arn:aws:iam::123456789012:instance-profile/demo-ecs-instance',
      launchTemplateId: 'lt-0123456789abcdef0',
      imageId: 'ami-0123456789abcdef0',
      architecture: 'x86_64',
      instanceType: 't3.small',
      autoScalingGroupName: 'demo-asg',
      capacityProviderName: 'demo-cp',
      desired: 2,
    });
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(76);
    expect(lines.join('\n')).toContain('security group sg-0123456789abcdef0');
    expect(lines.join('\n')).toContain('2 x t3.small');
  });
});

describe("the instances step's summary in the log", () => {
  it('Given three instances, Then each id and AZ is on its own line within an 80-column log row', async () => {
    const { instancesStep } = await import('../../source/steps/instances.js');
    const ids = ['i-057fab12c9c95e950', 'i-0fce38ca4d1e2b3c4', 'i-0a1b2c3d4e5f60718'];
    const lines = instancesStep.summary({
      instances: ids.map((id, n) => ({
        ec2InstanceId: id,
        containerInstanceArn: `arn:aws:ecs:ap-northeast-1:123456789012:container-instance/demo-cluster/${n}`,
        az: `ap-northeast-1${'acd'[n]}`,
      })),
    });
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(76);
    for (const [n, id] of ids.entries()) expect(lines).toContain(`  ${id} (ap-northeast-1${'acd'[n]})`);
  });
});
