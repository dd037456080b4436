import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness } from './harness.js';

let h: Harness;
beforeEach(() => {
  h = new Harness();
});
afterEach(async () => {
  await h.ecs.close();
});

const container = (overrides: Record<string, unknown> = {}) => ({
  name: 'web',
  image: 'img',
  memoryReservation: 64,
  portMappings: [{ containerPort: 4567 }],
  ...overrides,
});

describe('task definitions', () => {
  it('registers revisions of a family with bridge defaults and tags', async () => {
    // Given two registrations of the same family, the first with tags
    const first = await h.call('RegisterTaskDefinition', {
      family: 'web',
      containerDefinitions: [container()],
      tags: [{ key: 'stack', value: 'demo' }],
    });
    const second = await h.call('RegisterTaskDefinition', {
      family: 'web',
      containerDefinitions: [container({ memory: 128 })],
    });

    // Then revisions count up, bridge is the default network mode and hostPort 0 means dynamic
    expect(first.taskDefinition).toMatchObject({
      taskDefinitionArn: 'arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:1',
      family: 'web',
      revision: 1,
      status: 'ACTIVE',
      networkMode: 'bridge',
      containerDefinitions: [
        {
          name: 'web',
          image: 'img',
          memoryReservation: 64,
          essential: true,
          portMappings: [{ containerPort: 4567, hostPort: 0, protocol: 'tcp' }],
        },
      ],
    });
    expect(first.tags).toEqual([{ key: 'stack', value: 'demo' }]);
    expect(second.taskDefinition?.revision).toBe(2);

    // And DescribeTaskDefinition resolves family (latest), family:revision and ARN, with TAGS on request
    expect((await h.call('DescribeTaskDefinition', { taskDefinition: 'web' })).taskDefinition?.revision).toBe(2);
    const described = await h.call('DescribeTaskDefinition', {
      taskDefinition: first.taskDefinition?.taskDefinitionArn,
      include: ['TAGS'],
    });
    expect(described.taskDefinition?.revision).toBe(1);
    expect(described.tags).toEqual([{ key: 'stack', value: 'demo' }]);
    expect(await h.error('DescribeTaskDefinition', { taskDefinition: 'nope' })).toMatchObject({
      name: 'ClientException',
      message: 'Unable to describe task definition.',
    });
  });

  it('deregisters to INACTIVE, which ListTaskDefinitions filters by status', async () => {
    await h.call('RegisterTaskDefinition', { family: 'web', containerDefinitions: [container()] });
    await h.call('RegisterTaskDefinition', { family: 'web', containerDefinitions: [container()] });
    await h.call('RegisterTaskDefinition', { family: 'api', containerDefinitions: [container()] });

    const out = await h.call('DeregisterTaskDefinition', { taskDefinition: 'web:1' });
    expect(out.taskDefinition).toMatchObject({ status: 'INACTIVE', revision: 1 });
    expect(out.taskDefinition?.deregisteredAt).toEqual(expect.any(Number));

    const arn = (name: string) => `arn:aws:ecs:ap-northeast-1:123456789012:task-definition/${name}`;
    expect((await h.call('ListTaskDefinitions', {})).taskDefinitionArns).toEqual([arn('api:1'), arn('web:2')]);
    expect((await h.call('ListTaskDefinitions', { status: 'INACTIVE' })).taskDefinitionArns).toEqual([arn('web:1')]);
    expect((await h.call('ListTaskDefinitions', { familyPrefix: 'web', sort: 'DESC' })).taskDefinitionArns).toEqual([
      arn('web:2'),
    ]);
    expect((await h.call('DescribeTaskDefinition', { taskDefinition: 'web' })).taskDefinition?.revision).toBe(2);
  });

  it('pages ListTaskDefinitions with maxResults and nextToken', async () => {
    for (let i = 0; i < 5; i += 1)
      await h.call('RegisterTaskDefinition', { family: 'web', containerDefinitions: [container()] });
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await h.call('ListTaskDefinitions', { maxResults: 2, ...(nextToken ? { nextToken } : {}) });
      seen.push(...(page.taskDefinitionArns ?? []));
      nextToken = page.nextToken;
      pages += 1;
    } while (nextToken);
    expect(pages).toBe(3);
    expect(seen.map((a) => a.split(':').at(-1))).toEqual(['1', '2', '3', '4', '5']);
    expect((await h.error('ListTaskDefinitions', { nextToken: 'garbage' })).name).toBe('InvalidParameterException');
    expect((await h.error('ListTaskDefinitions', { maxResults: 101 })).name).toBe('InvalidParameterException');
  });

  it.each([
    ['no containers', { containerDefinitions: [] }, 'Container list cannot be empty.'],
    [
      'no memory',
      { containerDefinitions: [container({ memoryReservation: undefined })] },
      "Invalid setting for container 'web'. At least one of 'memory' or 'memoryReservation' must be specified.",
    ],
    ['no image', { containerDefinitions: [container({ image: '' })] }, 'Container.image should not be null or empty.'],
    [
      'duplicate names',
      { containerDefinitions: [container(), container()] },
      'Duplicate container names are not allowed.',
    ],
    [
      'awsvpc with a different host port',
      {
        networkMode: 'awsvpc',
        containerDefinitions: [container({ portMappings: [{ containerPort: 80, hostPort: 81 }] })],
      },
      'When networkMode=awsvpc, the host ports and container ports in port mappings must match.',
    ],
  ])('rejects %s with ClientException', async (_what, overrides, message) => {
    expect(await h.error('RegisterTaskDefinition', { family: 'web', ...overrides })).toMatchObject({
      name: 'ClientException',
      message,
    });
  });
});
