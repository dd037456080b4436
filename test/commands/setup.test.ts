import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectAws } from '../../source/aws/connect.js';
import { notVerifiedExitCode, runHeadlessSetup } from '../../source/commands/setup.js';
import type { StackRecord } from '../../source/state/schema.js';
import { StackStore } from '../../source/state/store.js';
import { mockedClients, mocks } from '../steps/aws-mocks.js';
import {
  at,
  finishedRecord,
  mockBothHealthy,
  mockTwoTasks,
  portOf,
  startLoadBalancer,
} from '../engine/verifiable-stack.js';

let server: Server | undefined;
beforeEach(() => mocks.reset());
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

const verifiedAfterEach = {
  service: { verdict: 'PASS', backends: 1, expected: 1, requests: 200, at: at(1) },
  'scale-out': { verdict: 'PASS', backends: 2, expected: 2, requests: 200, at: at(2) },
} as const;

/**
 * Headless `setup` on a saved stack, with a fake connection: mocked AWS clients (ECS answering
 * for 2 tasks, both targets healthy) and the load balancer's listener on a local round-robin
 * server (or nowhere, when `reachable` is false).
 */
async function headlessSetup(
  record: StackRecord,
  { reachable = true, answering = ['3f2a9b1c0d4e', '77aa00bb11cc'], json = false } = {},
) {
  const stateDir = mkdtempSync(join(tmpdir(), 'setup-'));
  new StackStore(stateDir, 'demo').set(record);
  mockTwoTasks();
  mockBothHealthy();
  server = await startLoadBalancer(answering);
  const listener = [{ address: '127.0.0.1', port: portOf(server) }];
  const connect: ConnectAws = () =>
    Promise.resolve({
      clients: mockedClients(),
      local: true,
      sandbox: false,
      resolveLoadBalancer: () =>
        reachable ? Promise.resolve(listener) : Promise.reject(new Error('no listener on this load balancer')),
      close: () => Promise.resolve(),
    });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await runHeadlessSetup({
    flags: { 'state-dir': stateDir, 'no-input': true, ...(json ? { json: true } : {}) },
    positionals: [],
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: process.stdin,
    connect,
  });
  return { code, out, err, saved: new StackStore(stateDir, 'demo').get() };
}

const reports = (out: string) => out.match(/^PASS |^FAIL /gm) ?? [];

describe('headless setup: a step is verified unless a verification after its last completion is saved', () => {
  it('Given a finished stack verified after each step, When setup runs again, Then it sends nothing, lists each step once and says it is done', async () => {
    // When
    const { code, out, err, saved } = await headlessSetup(finishedRecord({ verifications: verifiedAfterEach }));
    // Then
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(reports(out)).toEqual([]);
    expect(mocks.ecs.calls()).toHaveLength(0);
    expect(mocks.elbv2.calls()).toHaveLength(0);
    expect(out.match(/\(done earlier\)$/gm)).toHaveLength(11);
    expect(out).toContain(
      "Done: stack 'demo' is up at http://demo-alb-1.elb.amazonaws.com/hostname, and requests spread over every task.",
    );
    expect(saved?.verifications).toEqual(verifiedAfterEach);
  });

  it('Given scale-out done again after its verification, When setup runs, Then only scale-out is verified, its report printed and saved', async () => {
    // Given: scale-out finished at 10:03, its last verification started at 10:02
    const { code, out, saved } = await headlessSetup(
      finishedRecord({ doneAt: { 'scale-out': at(3) }, verifications: verifiedAfterEach }),
    );
    // Then
    expect(code).toBe(0);
    expect(reports(out)).toEqual(['PASS ']);
    expect(out).toMatch(/every expected backend answered: 2\/2 answered/);
    expect(saved?.verifications?.service).toEqual(verifiedAfterEach.service);
    expect(saved?.verifications?.['scale-out']).toMatchObject({
      verdict: 'PASS',
      backends: 2,
      expected: 2,
      requests: expect.any(Number) as number,
    });
    expect(Date.parse(saved?.verifications?.['scale-out']?.at ?? '')).toBeGreaterThan(Date.parse(at(3)));
    expect(out).toContain("Done: stack 'demo' is up");
  });

  it('Given a FAIL saved after the last scale-out, When setup runs again, Then it is not re-sent but the summary says it failed', async () => {
    const verifications = {
      ...verifiedAfterEach,
      'scale-out': { ...verifiedAfterEach['scale-out'], verdict: 'FAIL', backends: 1 },
    } as const;
    const { code, out } = await headlessSetup(finishedRecord({ verifications }));
    expect(code).toBe(notVerifiedExitCode);
    expect(reports(out)).toEqual([]);
    expect(out).toContain(
      "Stack 'demo' is up at http://demo-alb-1.elb.amazonaws.com/hostname, but its last verification FAILED: run verify again.",
    );
    expect(out).not.toContain('spread over every task');
  });

  it('Given no verification saved and a verifier that cannot run, When setup runs, Then each step logs it, setup exits 3 and says the stack is not verified', async () => {
    const { code, out, err } = await headlessSetup(finishedRecord(), { reachable: false });
    expect(err).toBe('');
    expect(code).toBe(notVerifiedExitCode);
    expect(out).not.toContain('spread over every task');
    expect(
      out.match(
        /^ {2}verification could not run: find the load balancer's nodes: no listener on this load balancer \(run verify later\)$/gm,
      ),
    ).toHaveLength(2);
    expect(out).toContain(
      "Stack 'demo' is up at http://demo-alb-1.elb.amazonaws.com/hostname, but it is not verified: the verifier could not run (see above); run verify.",
    );
  });
});

type SetupDocument = {
  ok: boolean;
  stackUp: boolean;
  verified: boolean;
  verdicts: Record<string, string>;
  verifications: Record<string, { verdict: string }>;
};

describe('headless setup: the exit code and --json say whether the spread is proven', () => {
  it('Given a load balancer that reaches only one of the two tasks, When setup runs with --json, Then ok is false, the stack is up but not verified, and it exits 3', async () => {
    // When
    const { code, out, saved } = await headlessSetup(finishedRecord(), { answering: ['3f2a9b1c0d4e'], json: true });
    // Then
    expect(code).toBe(3);
    const doc = JSON.parse(out) as SetupDocument;
    expect(doc).toMatchObject({
      ok: false,
      stackUp: true,
      verified: false,
      verdicts: { service: 'FAIL', 'scale-out': 'FAIL' },
    });
    expect(doc.verifications['scale-out']?.verdict).toBe('FAIL');
    expect(saved?.verifications?.['scale-out']?.verdict).toBe('FAIL');
  });

  it('Given the same without --json, Then the summary says the verification FAILED, not that requests spread, and it exits 3', async () => {
    const { code, out } = await headlessSetup(finishedRecord(), { answering: ['3f2a9b1c0d4e'] });
    expect(code).toBe(3);
    expect(reports(out)).toEqual(['FAIL ', 'FAIL ']);
    expect(out).toContain('but the verification FAILED: see the criteria above, then run verify again.');
    expect(out).not.toContain('spread over every task');
  });

  it('Given both tasks answering, When setup runs with --json, Then ok, stackUp and verified are true and it exits 0', async () => {
    const { code, out } = await headlessSetup(finishedRecord(), { json: true });
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      ok: true,
      stackUp: true,
      verified: true,
      verdicts: { service: 'PASS', 'scale-out': 'PASS' },
    });
  });
});
