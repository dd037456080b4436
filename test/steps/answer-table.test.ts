import { describe, expect, it } from 'vitest';
import { answerKeys, answerTable, checkAnswers, sortAnswers, textQuestion } from '../../source/steps/answer-table.js';
import { defaults } from '../../source/steps/defaults.js';
import type { AnswerKey } from '../../source/model/answers.js';
import { steps } from '../../source/steps/index.js';

/** Every key of the AnswerKey union, checked by the compiler both ways. */
const everyKey = {
  cluster: true,
  subnets: true,
  listenerPort: true,
  allowCidr: true,
  hostPortRange: true,
  healthCheckPath: true,
  deregistrationDelay: true,
  scheme: true,
  pathPattern: true,
  containerPort: true,
  image: true,
  memory: true,
  desiredCount: true,
  scaleTo: true,
  createCluster: true,
  instanceType: true,
  instances: true,
} satisfies Record<AnswerKey, true>;

describe('the answer table', () => {
  it('Given every AnswerKey, Then each has a flag, a placeholder, a description and a validator, and no two share a flag', () => {
    expect([...answerKeys].sort()).toEqual(Object.keys(everyKey).sort());
    for (const key of answerKeys) {
      const spec = answerTable[key];
      expect(spec.flag, key).toMatch(/^--[a-z]+(-[a-z]+)*$/);
      // A switch takes no value, so help shows no placeholder for it
      expect(spec.placeholder, key).toMatch(spec.boolean ? /^$/ : /^[A-Z-]+$/);
      expect(spec.description.length, key).toBeGreaterThan(10);
      expect(typeof spec.validate, key).toBe('function');
      // A default or a hint for help, never neither
      expect(spec.default ?? spec.defaultHint, key).toBeTruthy();
    }
    const flags = answerKeys.map((key) => answerTable[key].flag);
    expect(new Set(flags).size).toBe(flags.length);
  });

  it('Given a default in defaults.ts, Then the table carries it and it passes its own check', () => {
    for (const [key, value] of Object.entries(defaults) as [AnswerKey, string][]) {
      expect(answerTable[key].default, key).toBe(value);
      expect(answerTable[key].validate(value), key).toBeUndefined();
    }
  });

  it('Given a bad value, Then every validator names its own flag from the table', () => {
    for (const key of answerKeys)
      expect(answerTable[key].validate(' bad value '), key).toMatch(new RegExp(`^${answerTable[key].flag}\\b`));
  });

  it('Given a text question built from the table, Then its flag, default and check are the table row', () => {
    const q = textQuestion('listenerPort', 'Port?');
    expect(q).toMatchObject({
      key: 'listenerPort',
      flag: '--listener-port',
      kind: 'text',
      message: 'Port?',
      default: '80',
    });
    expect(q.kind === 'text' && q.validate('99999')).toBe('--listener-port must be a port 1-65535, got 99999');
  });

  it('Given every step, Then each question it asks names the flag of its answer in the table', () => {
    const ctx = { stack: 'demo', region: 'ap-northeast-1', results: {} };
    for (const q of steps.flatMap((s) => s.questions({}, ctx))) expect(q.flag, q.key).toBe(answerTable[q.key].flag);
  });

  it('Given answers, Then checkAnswers names the first missing flag, else the first bad value', () => {
    expect(checkAnswers({ listenerPort: '80' }, ['listenerPort', 'allowCidr'])).toBe('--allow-cidr is required');
    expect(checkAnswers({ listenerPort: '0', allowCidr: '0.0.0.0/0' }, ['listenerPort', 'allowCidr'])).toMatch(
      /^--listener-port must be a port/,
    );
    expect(checkAnswers({ listenerPort: '80', allowCidr: '0.0.0.0/0' }, ['listenerPort', 'allowCidr'])).toBeUndefined();
  });

  it('Given flags with a bad value among good ones, Then sortAnswers keeps the good ones and the problem with the bad one', () => {
    expect(sortAnswers({ listenerPort: '99999', scaleTo: '2' })).toEqual({
      valid: { scaleTo: '2' },
      invalid: { listenerPort: { value: '99999', problem: '--listener-port must be a port 1-65535, got 99999' } },
    });
  });
});
