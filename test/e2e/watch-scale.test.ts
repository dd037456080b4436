import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli, startWorld, type World } from './cli-harness.js';

let world: World | undefined;
beforeAll(() => ensureBuilt());
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** The report's Backends lines: what became of each backend (`healthy, 69 answers; healthy 2.9 s, ...`). */
const laneRows = (text: string) =>
  [...text.matchAll(/^ {2}i-\w+:\d+ \(backend [0-9a-f]{12}, task \S+\) demo-hostname:\d+: (.*)$/gm)].map(
    (m) => m[1] ?? '',
  );
/** The timeline picture's lane rows, one per backend. */
const pictureRows = (text: string) => [...text.matchAll(/^ {2}[0-9a-f]{12} {2}[ █▇▆▅▄▃▂▁·]+$/gm)].length;

describe('scale watched through the change', () => {
  it('Given a stack with one task, When scale 3 and then scale 1 run watched, Then each PASSes with 0 failed requests, with the lanes and criteria a user reads', async () => {
    // Given
    world = await startWorld(20);
    const setup = await runCli(world.args('setup', '--scale-to', '1'));
    expect(setup.code, setup.stdout + setup.stderr).toBe(0);

    // When: out to 3
    const out = await runCli(world.args('scale', '3', '--rate', '20'));

    // Then: a lane for the one before and one for each new task, healthy, and every criterion passed
    expect(out.code, out.stdout + out.stderr).toBe(0);
    expect(out.stdout).toMatch(/^scale demo to 3\nWatch PASS: http:\/\/demo-alb-/m);
    const grown = laneRows(out.stdout);
    expect(grown).toHaveLength(3);
    expect(grown.filter((row) => row.includes('answering at the start'))).toHaveLength(1);
    expect(grown.filter((row) => /^healthy, [1-9]\d* answers; healthy [\d.]+ s, first answer /.test(row))).toHaveLength(
      2,
    );
    expect(pictureRows(out.stdout)).toBe(3);
    expect(out.stdout).toMatch(/^ {2}failures +·+$/m);
    expect(out.stdout).toMatch(/^ {2}✓ no failed request through the change: 0 of \d+ requests failed$/m);
    expect(out.stdout).toMatch(/^ {2}✓ every new task answered within 10 s of its target turning healthy: /m);
    expect(out.stdout).toMatch(/^ {2}✓ even spread over the 3 backend\(s\) after the change: /m);
    expect(out.stdout).not.toMatch(/^ {2}✗/m);

    // When: back to 1
    const back = await runCli(world.args('scale', '1', '--rate', '20'));

    // Then: two lanes drain and stop, nothing answered after, nothing failed
    expect(back.code, back.stdout + back.stderr).toBe(0);
    expect(back.stdout).toMatch(/^scale demo to 1\nWatch PASS: /m);
    const shrunk = laneRows(back.stdout);
    expect(
      shrunk.filter((row) =>
        /^stopped, \d+ answers; answering at the start, draining .*, drained .*, stopped /.test(row),
      ),
    ).toHaveLength(2);
    expect(shrunk.filter((row) => row.startsWith('healthy,'))).toHaveLength(1);
    expect(back.stdout).toMatch(/^ {2}✓ no failed request through the change: 0 of \d+ requests failed$/m);
    expect(back.stdout).toMatch(/^ {2}✓ no answer from a task after its target finished draining/m);
    expect(back.stdout).toMatch(/^ {2}✓ every task stopped only after its target finished draining/m);
    expect(back.stdout).not.toMatch(/^ {2}✗/m);
  }, 180_000);
});
