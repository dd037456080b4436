import type { AddressInfo } from 'node:net';
import type { LoadBalancerNode } from '../model/load-balancer.js';
import { createClock } from './clock.js';
import type { EcsContext, EcsService } from './contracts.js';
import { laterAt } from './deadline.js';
import { createEcs } from './ecs/index.js';
import { DataPlane } from './elb/data-plane.js';
import { HealthChecker } from './elb/health.js';
import { lbState } from './elb/lookup.js';
import { TargetRegistry } from './elb/targets.js';
import { Faults } from './faults.js';
import { createFront } from './front/server.js';
import { buildInventory } from './inventory.js';
import { readOwner, releaseOwner, writeOwner } from './persist/owner.js';
import { WorldSaver, ensureStateDir, loadWorld } from './persist/world-store.js';
import { TimerSet, type Runtime } from './runtime.js';
import { freshWorld } from './seed-world.js';
import { seed } from './seed-ids.js';
import { loadQueryServices } from './services.js';
import type { Inventory, SandboxSeed } from './world.js';
import { Fleet } from './ec2/fleet.js';
import { Scaler } from './autoscaling/index.js';
import { ssmHandlers } from './ssm/index.js';

/** How to start a sandbox. */
export type SandboxOptions = {
  /** Port on 127.0.0.1; 0 (default) lets the OS pick. */
  port?: number;
  /** Where `world.json` (and `server.json`) live. Created 0700. */
  stateDir: string;
  /** AWS durations run this many times faster (default 60: minutes become seconds). */
  timeScale?: number;
  /** Receives one line per notable event (listener up, internal errors). */
  log?: (line: string) => void;
  /** `serve` lets other processes on this state dir share the sandbox; `embedded` (default) does not. */
  mode?: 'serve' | 'embedded';
  /**
   * For a fresh world only: the AZ of each seeded container instance (default: the memo's two, in
   * ap-northeast-1a and ap-northeast-1c), e.g. `['ap-northeast-1a', 'ap-northeast-1a', 'ap-northeast-1c']`.
   */
  instanceZones?: readonly string[];
  /**
   * For a fresh world only: `memo` (default: cluster `ecs-demo` with its instances) or `empty` (only
   * the default VPC, for the first-time path). A restored world keeps the seed it started from.
   */
  seed?: SandboxSeed;
  /** Test seam: build the ECS part differently. */
  ecs?: (ctx: EcsContext) => EcsService;
};

/** A running sandbox. */
export type Sandbox = {
  /** `http://127.0.0.1:PORT`: give it to the SDK clients as `endpoint`. */
  endpoint: string;
  port: number;
  region: string;
  accountId: string;
  stateDir: string;
  /** The seed this world started from (a restored world's own, whatever `options.seed` said). */
  seed: SandboxSeed;
  faults: Faults;
  /** Every live resource by service. */
  inventory(): Inventory;
  /** The inventory as the world was seeded (a fully torn-down world equals it). */
  seedInventory(): Inventory;
  /**
   * The sandbox's DNS for load balancers: one node per AZ (its loopback address, its port for the
   * listener, its AZ) for a load balancer's DNS name and listener port, once active; empty for an
   * unknown name.
   */
  resolveLoadBalancer(host: string, port: number): LoadBalancerNode[];
  /** Stops every server and timer and saves the world; a later start restores it. */
  close(): Promise<void>;
};

function listen(server: ReturnType<typeof createFront>, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `port ${port} on 127.0.0.1 is already in use (choose another with --port, or 0 for any free port)`,
              { cause: error },
            )
          : error,
      ),
    );
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * Starts the sandbox: restores the world from `stateDir` (or seeds one), brings the data plane up
 * (listeners on new ports, health checks from `initial`, ECS tasks restarted) and serves every
 * service on one port of 127.0.0.1. Fails when another live process owns the state dir.
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const { stateDir, timeScale = 60, port: wantedPort = 0, mode = 'embedded' } = options;
  const log = options.log ?? (() => undefined);
  await ensureStateDir(stateDir);
  const owner = await readOwner(stateDir);
  if (owner) {
    throw new Error(
      `the sandbox state dir ${stateDir} is in use by process ${owner.pid} (serving ${owner.endpoint}); stop that process or point at it instead`,
    );
  }
  const restored = await loadWorld(stateDir);
  const world = restored ?? freshWorld(options.seed ?? 'memo', options.instanceZones);
  const worldSeed = world.seed ?? 'memo';
  if (restored && options.seed && options.seed !== worldSeed)
    log(
      `the saved world in ${stateDir} started from the ${worldSeed} seed; it is kept (seed ${options.seed} applies only to a new state dir)`,
    );
  const timers = new TimerSet();
  const ecsRef: { current?: EcsService } = {};
  const saver = new WorldSaver(
    stateDir,
    () => ({ ...world, ecs: ecsRef.current?.snapshot() ?? world.ecs }),
    (error) => log(String(error)),
  );
  const rt: Runtime = {
    world,
    clock: createClock(timeScale),
    region: seed.region,
    accountId: seed.accountId,
    changed: () => saver.changed(),
    kick: () => {
      health.sync();
      dataPlane.sync();
    },
    later: (ms, run) => timers.later(ms, run),
    log,
  };
  const health = new HealthChecker(rt);
  const dataPlane = new DataPlane(rt, health);
  const targets = new TargetRegistry(rt, health);
  const fleet = new Fleet(
    rt,
    () => ecsRef.current?.agents,
    (instance) => {
      const group = world.autoScaling.groups.find((g) => g.name === instance.launched?.autoScalingGroupName);
      if (group)
        scaler.reconcile(group, `an instance was taken out of service in response to an EC2 instance status change`);
    },
  );
  const scaler = new Scaler(rt, fleet);
  const instances = world.ec2.instances
    .filter((i) => !i.launched)
    .map((i) => ({
      id: i.id,
      privateIp: i.privateIp,
      subnet: i.subnetId,
      az: i.az,
    }));
  const ecsContext: EcsContext = {
    clock: rt.clock,
    elb: targets,
    autoScaling: { describe: (arnOrName) => scaler.view(arnOrName) },
    region: rt.region,
    accountId: rt.accountId,
    instances,
    restored: world.ecs,
    changed: rt.changed,
  };
  const ecsService = (options.ecs ?? createEcs)(ecsContext);
  ecsRef.current = ecsService;
  const faults = new Faults(
    (task, failing) => ecsService.control.setTaskFailing(task, failing),
    (fault) => ecsService.control.taskFault(fault),
    () => ecsService.control.clearTaskFaults(),
  );
  const query = await loadQueryServices(rt, targets, fleet, scaler);
  const inventory = () => buildInventory(rt, health, dataPlane, ecsService.control);
  const server = createFront({
    query,
    ecs: ecsService,
    ssm: ssmHandlers(rt.region),
    faults,
    log,
    routes: {
      info: () => ({
        endpoint,
        region: rt.region,
        accountId: rt.accountId,
        pid: process.pid,
        timeScale,
        stateDir,
        seed: worldSeed,
      }),
      inventory,
      seedInventory: () => world.seedInventory,
      resolve: (host, port) => dataPlane.resolve(host, port),
      faults,
    },
  });
  const port = await listen(server, wantedPort);
  const endpoint = `http://127.0.0.1:${port}`;
  await writeOwner(stateDir, { pid: process.pid, endpoint, mode });

  for (const lb of world.elb.loadBalancers) if (lbState(lb) === 'provisioning') laterAt(rt, lb.activeAt, rt.kick);
  for (const eni of world.ec2.enis) if (eni.goneAt !== undefined) laterAt(rt, eni.goneAt, rt.changed);
  world.ec2.enis = world.ec2.enis.filter((e) => e.goneAt === undefined || e.goneAt > Date.now());
  targets.resume();
  rt.kick();
  await ecsService.start();
  fleet.resume();
  scaler.reconcileAll();
  if (!world.seedInventory) {
    world.seedInventory = inventory();
    saver.changed();
  }

  let closing: Promise<void> | undefined;
  return {
    endpoint,
    port,
    region: rt.region,
    accountId: rt.accountId,
    stateDir,
    seed: worldSeed,
    faults,
    inventory,
    seedInventory: () => world.seedInventory ?? inventory(),
    resolveLoadBalancer: (host, listenerPort) => dataPlane.resolve(host, listenerPort),
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await stopped;
        await ecsService.close();
        timers.close();
        health.close();
        targets.close();
        await dataPlane.close();
        saver.changed();
        await saver.flush();
        await releaseOwner(stateDir, endpoint);
      })();
      return closing;
    },
  };
}
