import { describe, expect, it } from 'vitest';
import { changeFields } from '../../source/commands/wizard-change.js';
import { defaults } from '../../source/steps/defaults.js';
import { finishedRecord } from '../engine/verifiable-stack.js';

const field = (fields: ReturnType<typeof changeFields>, id: string) => fields.find((f) => f.id === id)!;

describe("the wizard's questions for a change on a finished stack", () => {
  it('Given a stack at 1 task, when scale is chosen, then it shows the count now and offers 3; at 3 it offers 1', () => {
    const record = finishedRecord();
    record.results['scale-out'] = { desiredCount: 1, healthy: 1 };
    const out = field(changeFields('scale', record), 'count');
    expect(out.label).toBe('How many tasks should the service run? (now 1)');
    expect(out.default).toBe('3');
    record.results['scale-out'] = { desiredCount: 3, healthy: 3 };
    expect(field(changeFields('scale', record), 'count').default).toBe('1');
  });

  it("Given a count outside scale N's rule, when checked, then the line names scale N and its range; a good one passes", () => {
    const count = field(changeFields('scale', finishedRecord()), 'count');
    expect(count.validate('0')).toMatch(/^scale N must be/);
    expect(count.validate('three')).toMatch(/^scale N /);
    expect(count.validate('2')).toBeUndefined();
  });

  it('Given a deploy, when asked, then the image defaults to the current one and --env takes KEY=VALUE pairs or none', () => {
    const record = finishedRecord();
    const fields = changeFields('deploy', record);
    expect(field(fields, 'image').default).toBe(defaults.image);
    record.answers.image = 'public.ecr.aws/nginx/nginx:1.27';
    expect(field(changeFields('deploy', record), 'image').default).toBe('public.ecr.aws/nginx/nginx:1.27');
    const env = field(fields, 'env');
    expect(env.validate('')).toBeUndefined();
    expect(env.validate('COLOR=blue  RELEASE=2')).toBeUndefined();
    expect(env.validate('COLOR')).toBe("--env must be KEY=VALUE, got 'COLOR'");
    expect(env.validate('1X=a')).toMatch(/^--env key '1X' must start with a letter or underscore/);
    expect(env.validate('A=1 A=2')).toMatch(/^--env A is given twice/);
  });
});
