import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { changedContainer, nextRevisionInput } from '../../source/engine/deploy-revision.js';
import { parseEnv } from '../../source/engine/env-rule.js';
import { defaultImageCommand, defaults } from '../../source/steps/defaults.js';

const current: TaskDefinition = {
  family: 'demo-hostname',
  revision: 1,
  status: 'ACTIVE',
  networkMode: 'bridge',
  requiresCompatibilities: [],
  compatibilities: ['EC2'],
  containerDefinitions: [
    {
      name: 'web',
      image: defaults.image,
      memoryReservation: 128,
      portMappings: [{ containerPort: 4567, hostPort: 0, protocol: 'tcp' }],
      entryPoint: ['sh', '-c'],
      command: [defaultImageCommand('4567')],
      environment: [
        { name: 'COLOR', value: 'green' },
        { name: 'MODE', value: 'demo' },
      ],
    },
  ],
};

describe('the next revision', () => {
  it('Given env COLOR=blue, When the container changes, Then COLOR is replaced, the other variables and the default start command kept', () => {
    const next = changedContainer(current.containerDefinitions![0]!, { env: { COLOR: 'blue' } });
    expect(next.environment).toEqual([
      { name: 'MODE', value: 'demo' },
      { name: 'COLOR', value: 'blue' },
    ]);
    expect(next.image).toBe(defaults.image);
    expect(next.command).toEqual([defaultImageCommand('4567')]);
  });

  it("Given another image, When the container changes, Then the default image's start command is dropped so the image runs its own", () => {
    const next = changedContainer(current.containerDefinitions![0]!, { image: 'public.ecr.aws/me/app:2' });
    expect(next.image).toBe('public.ecr.aws/me/app:2');
    expect(next.entryPoint).toBeUndefined();
    expect(next.command).toBeUndefined();
    expect(next.portMappings).toEqual(current.containerDefinitions![0]!.portMappings);
  });

  it('Given the current definition, When the input is built, Then it keeps family and network mode and leaves out what RegisterTaskDefinition does not take (revision, status, compatibilities, an empty requiresCompatibilities)', () => {
    const input = nextRevisionInput(current, {});
    expect(Object.keys(input).sort()).toEqual(['containerDefinitions', 'family', 'networkMode']);
    expect(input).toMatchObject({ family: 'demo-hostname', networkMode: 'bridge' });
  });

  it.each([
    { values: ['COLOR=blue', 'EMPTY='], env: { COLOR: 'blue', EMPTY: '' } },
    { values: ['URL=http://x/?a=b'], env: { URL: 'http://x/?a=b' } },
  ])('Given --env $values, Then the variables are $env', ({ values, env }) => {
    expect(parseEnv(values)).toEqual({ env });
  });

  it.each([
    { values: ['COLOR'], problem: "--env must be KEY=VALUE, got 'COLOR'" },
    { values: ['=blue'], problem: /^--env key '' must start with a letter or underscore/ },
    { values: ['COL-OR=x'], problem: /^--env key 'COL-OR' must start/ },
    { values: ['A=1', 'A=2'], problem: "--env A is given twice ('1' and '2'); give it once" },
  ])('Given --env $values, Then it is refused naming --env and the rule', ({ values, problem }) => {
    const out = parseEnv(values);
    expect('problem' in out ? out.problem : undefined).toMatch(problem);
  });
});
