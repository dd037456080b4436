import { describe, expect, it } from 'vitest';
import { answerTable, MAX_TASKS } from '../../source/steps/answer-table.js';

describe('task counts: as many as AWS allows by default, and the limit named with its source', () => {
  it.each(['desiredCount', 'scaleTo'] as const)(
    'Given %s at the limit (1000) and above the old 100, Then it passes',
    (key) => {
      expect(MAX_TASKS).toBe(1000);
      expect(answerTable[key].validate('1000')).toBeUndefined();
      expect(answerTable[key].validate('101')).toBeUndefined();
      expect(answerTable[key].validate('1')).toBeUndefined();
    },
  );

  it.each(['desiredCount', 'scaleTo'] as const)(
    'Given %s one over the limit, Then the problem names the flag, the quotas, and that they can be raised',
    (key) => {
      const problem = answerTable[key].validate('1001') ?? '';
      expect(problem).toMatch(new RegExp(`^${answerTable[key].flag} must be at most 1000 tasks, got 1001: `));
      expect(problem).toContain("'Targets per Application Load Balancer'");
      expect(problem).toContain("'Targets per Target Group per Region'");
      expect(problem).toContain('Service Quotas');
      expect(problem).toContain('Amazon ECS allows 5,000 tasks per service');
    },
  );

  it.each([
    ['0', 'got 0'],
    ['-1', "got '-1'"],
    ['2.5', "got '2.5'"],
    ['', "got ''"],
  ])('Given --scale-to %j, Then it must be a whole number of tasks from 1', (value, got) => {
    expect(answerTable.scaleTo.validate(value)).toBe(
      `--scale-to must be a whole number of tasks from 1 to 1000, ${got}`,
    );
  });
});
