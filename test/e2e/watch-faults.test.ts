import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WatchReport } from '../../verify/watch-types.js';
import { ensureBuilt, eventually, runCli, startCli, startWorld, type World } from './cli-harness.js';

let world: World | undefined;
beforeAll(() => ensureBuilt());
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** A world with a stack of `tasks` tasks, set up and verified. */
async function stackWith(tasks: number, more: string[] = [], timeScale = 20): Promise<World> {
  const made = await startWorld(timeScale);
  const setup = await runCli(made.args('setup', '--scale-to', String(tasks), ...more));
  expect(setup.code, setup.stdout + setup.stderr).toBe(0);
  return made;
}

const criterion = (report: WatchReport, id: string) => report.criteria.find((c) => c.id === id);

describe('faults the watch must catch', () => {
  it('Given a watch on two tasks, When one task dies abruptly (task-crash), Then it FAILs listing the failed requests with that target and its state', async () => {
    world = await stackWith(2);
    const run = startCli(world.args('verify', '--watch', '--duration', '15', '--json'));
    // The watch runs once the stack is read: the crash comes while requests flow.
    await new Promise((r) => setTimeout(r, 4000));
    const [victim] = (world.sandbox.inventory().ecs.tasks as { arn: string; containerId: string }[]) ?? [];
    world.sandbox.faults.add({ kind: 'task-crash', task: victim!.arn });
    const out = await run.done;

    expect(out.code, out.stderr).toBe(1);
    const report = JSON.parse(out.stdout) as WatchReport;
    expect(report.verdict).toBe('FAIL');
    expect(report.failed).toBeGreaterThan(0);
    expect(criterion(report, 'no-failures')).toMatchObject({ pass: false });
    expect(report.failures.length).toBeGreaterThan(0);
    // Every failure is listed with its time and label, and those after the platform noticed name the crashed target's state
    expect(report.failures.every((f) => f.atMs >= 0 && f.label.length > 0)).toBe(true);
    const named = report.failures.filter((f) => f.context.some((c) => c.includes(victim!.containerId)));
    expect(named.length, JSON.stringify(report.failures.slice(0, 5))).toBeGreaterThan(0);
    expect(named[0]!.context.join(' ')).toMatch(/unhealthy|stopped|draining|starting/);
  }, 180_000);

  it('Given two tasks, When scale 1 meets a task stopped without draining, Then it FAILs on the stopped-while-draining criterion, naming the deregistration delay and stop timeout fix or the stop through the service', async () => {
    world = await stackWith(2);
    world.sandbox.faults.add({ kind: 'stop-without-draining', count: 1 });
    const out = await runCli(world.args('scale', '1', '--json'));

    expect(out.code, out.stderr).toBe(1);
    const report = JSON.parse(out.stdout) as WatchReport;
    expect(report.verdict).toBe('FAIL');
    const stopped = criterion(report, 'stopped-after-drained');
    if (stopped?.pass === false) {
      expect(stopped.evidence).toMatch(/stopped at .* while its target was (draining|still in service)/);
      expect(stopped.fix).toMatch(/deregistration delay .* stop timeout|deregisters and drains each target/);
    } else {
      // The look once a second saw the stop and the end of the drain in the same second, so their
      // order is unknown: then the requests the stopped task dropped fail the watch, with the same fix.
      const failed = criterion(report, 'no-failures');
      expect(failed, JSON.stringify(report.criteria)).toMatchObject({ pass: false });
      expect(failed?.evidence).toMatch(/draining/);
      expect(failed?.fix).toMatch(/deregistration delay must be shorter than its stop timeout/);
    }
  }, 180_000);

  it('Given two slow tasks that close connections on the stop signal and no deregistration delay, When scale 1 runs, Then it FAILs with failed requests during the stop', async () => {
    // No draining time: the stop signal comes while requests (each taking 800 ms, under the health check's 5 s timeout at this time scale) are still in flight.
    world = await stackWith(2, ['--deregistration-delay', '0'], 5);
    world.sandbox.faults.add({ kind: 'task-latency', ms: 800 });
    world.sandbox.faults.add({ kind: 'close-on-stop' });
    const out = await runCli(world.args('scale', '1', '--json'));

    expect(out.code, out.stderr).toBe(1);
    const report = JSON.parse(out.stdout) as WatchReport;
    expect(criterion(report, 'no-failures')).toMatchObject({ pass: false });
    const stopping = report.events.find((e) => e.kind === 'task-stopping');
    expect(stopping).toBeDefined();
    expect(report.failures.some((f) => f.atMs >= stopping!.atMs - 2000)).toBe(true);
  }, 180_000);

  it('Given a new revision whose tasks fail health checks, When deploy runs, Then the circuit breaker rolls it back and the watch FAILs naming it', async () => {
    world = await stackWith(2);
    const run = startCli(world.args('deploy', '--env', 'COLOR=red', '--json', '--wait-timeout', '5m'));
    // The fault needs the revision: armed the moment deploy registers it, before its tasks start.
    const families = () => world!.sandbox.inventory().ecs.taskDefinitions as { family: string; revision: number }[];
    await eventually(() => expect(families().some((t) => t.revision === 2)).toBe(true), 60_000);
    world.sandbox.faults.add({ kind: 'revision-unhealthy', taskDefinition: 'demo-hostname:2' });
    const out = await run.done;

    expect(out.code, out.stderr).toBe(1);
    const report = JSON.parse(out.stdout) as WatchReport & { outcome: { ok: boolean; error: { message: string } } };
    expect(report.outcome.ok).toBe(false);
    expect(report.outcome.error.message).toMatch(/deployment of demo-hostname:2 failed and was rolled back/);
    const breaker = criterion(report, 'circuit-breaker');
    expect(breaker, JSON.stringify(report.criteria)).toMatchObject({ pass: false });
    expect(breaker?.evidence).toMatch(/rolled back/i);
    expect(out.stderr).toMatch(/the service runs demo-hostname:1 again/);
  }, 180_000);
});
