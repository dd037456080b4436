import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness } from './harness.js';

let h: Harness;
beforeEach(() => {
  h = new Harness();
});
afterEach(async () => {
  await h.ecs.close();
});

const reservationOnly = { name: 'web', image: 'img', memoryReservation: 64, portMappings: [{ containerPort: 4567 }] };

describe('requiresCompatibilities, as ECS validates it', () => {
  it.each([
    ['none (what the wizard sends)', {}],
    ["['EC2']", { requiresCompatibilities: ['EC2'] }],
  ])(
    'Given bridge mode and only a memory reservation with %s, When registered, Then ECS accepts it and an EC2 service can run it',
    async (_what, extra) => {
      const out = await h.call('RegisterTaskDefinition', {
        family: 'web',
        networkMode: 'bridge',
        containerDefinitions: [reservationOnly],
        ...extra,
      });
      expect(out.taskDefinition?.compatibilities).toContain('EC2');
      expect(out.taskDefinition?.containerDefinitions?.[0]).not.toHaveProperty('memory');
    },
  );

  it.each([
    [
      'bridge mode',
      { networkMode: 'bridge', cpu: '256', memory: '512' },
      'Fargate only supports network mode \u2018awsvpc\u2019.',
    ],
    [
      'no task cpu',
      { networkMode: 'awsvpc', memory: '512' },
      "Fargate requires that 'cpu' be defined at the task level.",
    ],
    [
      'no task memory',
      { networkMode: 'awsvpc', cpu: '256' },
      "Fargate requires that 'memory' be defined at the task level.",
    ],
  ])(
    'Given FARGATE with %s, When registered, Then ECS refuses it with ClientException',
    async (_what, extra, message) => {
      const error = await h.error('RegisterTaskDefinition', {
        family: 'web',
        requiresCompatibilities: ['FARGATE'],
        containerDefinitions: [{ ...reservationOnly, portMappings: [{ containerPort: 4567, hostPort: 4567 }] }],
        ...extra,
      });
      expect(error).toMatchObject({ name: 'ClientException', message });
    },
  );
});
