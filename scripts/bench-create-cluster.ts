// `npm run bench`, first-time setup: the whole headless `setup --no-input --create-cluster` on the
// sandbox's empty seed, in simulated AWS seconds (real elapsed x time scale), next to the load
// balancer's wait and the instances' boot (Auto Scaling group created -> N ACTIVE container
// instances) measured in the same run. The capacity is created before the load balancer so the
// two overlap: the critical path (first step to the service's first healthy task) should be close
// to the longer of them plus the health checks, not their sum. Prints critical / (max wait +
// health), goal at most 1.5, next to the floor a setup doing the waits one after the other would
// have. Real time the CLI spends on its own (start-up, the verifier's requests) is multiplied by
// the scale too, so a lower BENCH_TIME_SCALE reads closer to AWS.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ECSClient, ListContainerInstancesCommand } from '@aws-sdk/client-ecs';
import { startSandbox } from '../source/sandbox/index.js';
import { sandboxStateDir } from '../source/state/paths.js';

const TIME_SCALE = Number(process.env.BENCH_TIME_SCALE ?? 60);
const INSTANCES = 2;
const GOAL = 1.5;

type Line = { at: number; text: string };

const stateDir = await mkdtemp(join(tmpdir(), 'bench-create-'));
const sandbox = await startSandbox({
  stateDir: sandboxStateDir(stateDir),
  timeScale: TIME_SCALE,
  mode: 'serve',
  seed: 'empty',
});
const ecs = new ECSClient({
  endpoint: sandbox.endpoint,
  region: sandbox.region,
  credentials: { accessKeyId: 'AKIASANDBOX', secretAccessKey: 'sandbox' },
});

const started = performance.now();
const lines: Line[] = [];
let registeredAt: number | undefined;
let polling = true;
// The instances' registration as ECS sees it, independent of when the wizard looks.
const poll = (async () => {
  while (polling && registeredAt === undefined) {
    try {
      const out = await ecs.send(new ListContainerInstancesCommand({ cluster: 'demo-cluster', status: 'ACTIVE' }));
      if ((out.containerInstanceArns ?? []).length >= INSTANCES) registeredAt = performance.now();
    } catch {
      // the cluster does not exist yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
})();

const child = spawn(
  process.execPath,
  [
    'dist/cli.js',
    'setup',
    '--create-cluster',
    '--instances',
    String(INSTANCES),
    '--sandbox',
    '--no-input',
    '--state-dir',
    stateDir,
  ],
  {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
let rest = '';
child.stdout.on('data', (chunk: Buffer) => {
  const at = performance.now();
  rest += chunk.toString();
  const parts = rest.split('\n');
  rest = parts.pop() ?? '';
  for (const text of parts) lines.push({ at, text });
});
const code = await new Promise<number | null>((r) => child.on('close', (exit) => r(exit)));
const ended = performance.now();
polling = false;
await poll;

const aws = (realMs: number) => (realMs / 1000) * TIME_SCALE;
const first = (re: RegExp) => lines.find((l) => re.test(l.text))?.at;
/** The real duration of the wait whose progress lines match `what`, from its first line to its `waited` line. */
function wait(what: RegExp): number | undefined {
  const from = lines.findIndex((l) => what.test(l.text));
  if (from < 0) return undefined;
  const end = lines.slice(from).find((l) => /^ {2}(waited|gave up waiting)/.test(l.text));
  return end ? end.at - lines[from]!.at : undefined;
}

const groupAt = first(/created auto-scaling-group/);
const setupFrom = first(/^▶ Check the AWS account/);
const serviceUp = first(/^✓ Create the ECS service/);
const serviceHealth = wait(/1 healthy target for service/) ?? 0;
const instancesStepWait = wait(/container instances to register in demo-cluster/) ?? 0;
const lbWait = wait(/load balancer demo-alb to become active/);
const health = (wait(/1 healthy target for service/) ?? 0) + (wait(/3 healthy targets for service/) ?? 0);
const boot = groupAt !== undefined && registeredAt !== undefined ? registeredAt - groupAt : undefined;
const total = ended - started;

console.log(
  `First-time setup: setup --create-cluster on the empty seed (time scale ${TIME_SCALE}, ${INSTANCES} instances)`,
);
if (code !== 0 || lbWait === undefined || boot === undefined || setupFrom === undefined || serviceUp === undefined) {
  console.log(`  failed: exit ${code}, load balancer wait ${lbWait ?? 'not seen'}, instances ${boot ?? 'not seen'}`);
  console.log(lines.map((l) => `    ${l.text}`).join('\n'));
  process.exitCode = 1;
} else {
  const longer = Math.max(lbWait, boot);
  const critical = serviceUp - setupFrom;
  const ratio = critical / (longer + serviceHealth);
  const sequential = (lbWait + boot + serviceHealth) / (longer + serviceHealth);
  const s = (ms: number) => `${aws(ms).toFixed(0)} AWS-s`;
  console.log(`  whole command (start-up, 2 verifications, scale-out to 3)  ${s(total)}`);
  console.log(`  healthy-target waits, 1 and 3 tasks                       ${s(health)}`);
  console.log(`  critical path: first step -> service with 1 healthy task  ${s(critical)}`);
  console.log(`    load balancer wait                                      ${s(lbWait)}`);
  console.log(`    instances: group created -> ${INSTANCES} ACTIVE container instances ${s(boot)}`);
  console.log(`    of which the instances step still waited                ${s(instancesStepWait)}`);
  console.log(`    the service's healthy-target wait                       ${s(serviceHealth)}`);
  console.log(
    `  critical path / (max wait + health) = ${ratio.toFixed(2)} (goal <= ${GOAL}; with the waits one after the other it could not be below ${sequential.toFixed(2)}) ${ratio <= GOAL ? 'ok' : 'MISSED'}`,
  );
}
ecs.destroy();
await sandbox.close();
await rm(stateDir, { recursive: true, force: true });
