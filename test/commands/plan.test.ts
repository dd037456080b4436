import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../../source/commands/plan.js';

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    out: () => out,
    err: () => err,
  };
}

/** plan is offline: a connection would be a bug. */
const connect = () => Promise.reject(new Error('plan must not connect to AWS'));

function input(flags: Record<string, string | boolean>, streams: ReturnType<typeof io>) {
  return {
    flags: { 'state-dir': mkdtempSync(join(tmpdir(), 'plan-')), ...flags },
    positionals: [],
    stdout: streams.stdout,
    stderr: streams.stderr,
    stdin: process.stdin,
    connect,
  };
}

describe('plan command', () => {
  it('Given no saved progress, Then it lists the 11 steps with aws CLI commands using the flags and defaults', async () => {
    const streams = io();
    expect(await run(input({ stack: 'web', 'listener-port': '8080', 'scale-to': '5' }, streams))).toBe(0);
    const text = streams.out();
    expect(text.match(/^\d+\. /gm)).toHaveLength(11);
    expect(text).toContain('$ TG_ARN=$(aws elbv2 create-target-group --name web-tg');
    expect(text).toContain('--protocol tcp --port 8080 --cidr 0.0.0.0/0');
    expect(text).toContain('--protocol tcp --port 32768-65535 --source-group "$ALB_SG_ID"');
    expect(text).toContain('--desired-count 5');
    expect(text).not.toMatch(/0-65535 .*0\.0\.0\.0\/0/);
  });

  it('Given --create-cluster, Then it lists the capacity and instances steps with their aws CLI twins, and the service uses the capacity provider', async () => {
    const streams = io();
    expect(await run(input({ 'create-cluster': true, 'instance-type': 't4g.small' }, streams))).toBe(0);
    const text = streams.out();
    expect(text.match(/^\d+\. /gm)).toHaveLength(13);
    expect(text).toContain('Create the cluster and its EC2 capacity');
    expect(text).toContain(
      'aws ssm get-parameter --name /aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id',
    );
    expect(text).toContain('aws ecs create-cluster --cluster-name demo-cluster');
    expect(text).toContain('--new-instances-protected-from-scale-in');
    expect(text).toContain(
      'aws ecs put-cluster-capacity-providers --cluster demo-cluster --capacity-providers demo-cp',
    );
    expect(text).toContain('--capacity-provider-strategy capacityProvider=demo-cp,weight=1,base=0');
    // The group is created empty and scaled out only once its capacity provider is on the cluster.
    expect(text).toMatch(/create-auto-scaling-group [^\n]*--max-size 2 --desired-capacity 0 /);
    const scaleOut =
      'aws autoscaling update-auto-scaling-group --auto-scaling-group-name demo-asg --max-size 2 --desired-capacity 2';
    expect(text).toContain(scaleOut);
    expect(text.indexOf(scaleOut)).toBeGreaterThan(text.indexOf('aws ecs put-cluster-capacity-providers'));
    expect(text).not.toContain('--launch-type EC2');
    expect(text).toContain('--group-id "$INSTANCE_SG_ID" --protocol tcp --port 32768-65535');
  });

  it('Given --format sh, Then it prints a runnable script that stops on the first error and asks for missing values', async () => {
    const streams = io();
    expect(await run(input({ format: 'sh' }, streams))).toBe(0);
    expect(streams.out()).toMatch(/^#!\/bin\/sh\n/);
    expect(streams.out()).toContain('set -eu');
    expect(streams.out()).toContain('CLUSTER="${CLUSTER:?set CLUSTER to your ECS cluster name}"');
    expect(streams.out()).toContain('ALB_ARN=$(aws elbv2 create-load-balancer --name demo-alb');
  });

  it('Given a bad value, Then it exits 2 naming the flag', async () => {
    const streams = io();
    expect(await run(input({ format: 'yaml' }, streams))).toBe(2);
    expect(streams.err()).toMatch(/--format must be text or sh/);
    const other = io();
    expect(await run(input({ 'allow-cidr': 'everyone' }, other))).toBe(2);
    expect(other.err()).toMatch(/--allow-cidr must be an IPv4 CIDR/);
  });
});
