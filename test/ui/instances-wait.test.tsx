import { describe, expect, it } from 'vitest';
import { WaitPanel } from '../../source/ui/components/wait-panel.js';
import { StartScreen } from '../../source/ui/components/start-screen.js';
import { renderScreen } from './helpers/ink.js';

describe('the wait for container instances', () => {
  it('Given one instance registered and one still booting, Then the panel shows each with its AZ, EC2 state and whether it registered', async () => {
    const screen = await renderScreen(
      <WaitPanel
        waits={[
          {
            id: 'container-instances',
            step: 'instances',
            what: '2 container instances to register in demo-cluster',
            progress: 'registered 1/2, running 1/2',
            startedAt: Date.now(),
            instances: [
              { instanceId: 'i-0aaa1111bbbb22223', az: 'ap-northeast-1a', ec2State: 'running', registered: true },
              { instanceId: 'i-0ccc3333dddd44445', az: 'ap-northeast-1c', ec2State: 'pending', registered: false },
            ],
          },
        ]}
      />,
    );
    await screen.waitFor('i-0ccc3333dddd44445');
    const frame = screen.all();
    expect(frame).toMatch(/i-0aaa1111bbbb22223 +ap-northeast-1a +running +registered/);
    expect(frame).toMatch(/i-0ccc3333dddd44445 +ap-northeast-1c +pending +not yet/);
    expect(frame).toContain('registered 1/2, running 1/2');
    await screen.unmount();
  });

  it('Given a wait about targets only, Then no instances table is drawn', async () => {
    const screen = await renderScreen(
      <WaitPanel
        waits={[
          { id: 'lb', step: 'load-balancer', what: 'load balancer demo-alb to become active', startedAt: Date.now() },
        ]}
      />,
    );
    await screen.waitFor('demo-alb');
    const frame = screen.all();
    expect(frame).not.toMatch(/EC2 state/);
    await screen.unmount();
  });
});

describe('the start screen of a new stack', () => {
  const progress = (ids: string[]) => ({
    stack: 'demo',
    where: 'us-east-1',
    sandbox: false,
    steps: ids.map((id) => ({ id, title: id, status: 'pending' })),
    resources: [],
  });

  it('Given --create-cluster, Then it lists the cluster with its EC2 instances and says they are billed too', async () => {
    const screen = await renderScreen(<StartScreen progress={progress(['account', 'cluster', 'capacity']) as never} />);
    await screen.waitFor('costs money');
    const frame = screen.all();
    expect(frame).toMatch(/an ECS cluster with EC2 instances/);
    expect(frame).toMatch(/so\s+are\s+the\s+EC2\s+instances\s+and\s+their\s+volumes/);
    await screen.unmount();
  });

  it('Given an existing cluster, Then neither the capacity nor its cost is mentioned', async () => {
    const screen = await renderScreen(<StartScreen progress={progress(['account', 'cluster']) as never} />);
    await screen.waitFor('costs money');
    const frame = screen.all();
    expect(frame).not.toMatch(/EC2 instances/);
    await screen.unmount();
  });
});
