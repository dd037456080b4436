import { describe, expect, it } from 'vitest';
import { resumeCommand } from '../../source/commands/wizard.js';

describe('the resume hint after Ctrl+C', () => {
  it('repeats the flags that name the stack and where it lives, quoting what the shell would split', () => {
    // Given a run on the sandbox with its own stack and state directory
    const flags = { sandbox: true, stack: 'blue', 'state-dir': '/tmp/my state', cluster: 'ecs-demo', yes: true };
    // Then the hint names them (answers are saved, so they are not repeated)
    expect(resumeCommand(flags)).toBe("ecs-alb-wizard --sandbox --stack blue --state-dir '/tmp/my state'");
  });

  it('is the bare command for the default stack on AWS', () => {
    expect(resumeCommand({})).toBe('ecs-alb-wizard');
  });
});
