import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { seed } from '../seed-ids.js';
import type { World } from '../world.js';

/** The world's file under the state dir. */
export function worldPath(stateDir: string): string {
  return join(stateDir, 'world.json');
}

/** Creates the state dir (0700) if needed. */
export async function ensureStateDir(stateDir: string): Promise<void> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  await chmod(stateDir, 0o700);
}

/** The saved world, or undefined when there is none yet. */
export async function loadWorld(stateDir: string): Promise<World | undefined> {
  let text: string;
  try {
    text = await readFile(worldPath(stateDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error('read sandbox world', { cause: error });
  }
  let world: World;
  try {
    world = JSON.parse(text) as World;
  } catch (error) {
    throw new Error(
      `read sandbox world: ${worldPath(stateDir)} is not valid JSON (move it away to start from the seed)`,
      { cause: error },
    );
  }
  if (world.version !== 1)
    throw new Error(`sandbox world at ${worldPath(stateDir)} has unknown version ${String(world.version)}`);
  return withDefaults(world);
}

/**
 * Fills what a world saved by an older sandbox lacks (route tables, launch templates, instance
 * profiles, Auto Scaling): such a world was seeded from the memo, whose default VPC has an
 * internet gateway and a main route table to it.
 */
export function withDefaults(world: World): World {
  const ec2 = world.ec2;
  const vpc = ec2.vpcs.find((v) => v.isDefault);
  ec2.internetGateways ??= vpc ? [{ id: seed.internetGatewayId, vpcId: vpc.id, tags: [] }] : [];
  ec2.natGateways ??= [];
  ec2.routeTables ??= vpc
    ? [
        {
          id: seed.mainRouteTableId,
          vpcId: vpc.id,
          main: true,
          routes: [
            { destination: vpc.cidr, gatewayId: 'local' },
            { destination: '0.0.0.0/0', gatewayId: seed.internetGatewayId },
          ],
          associations: [],
          tags: [],
        },
      ]
    : [];
  ec2.launchTemplates ??= [];
  world.iam.instanceProfiles ??= [];
  world.autoScaling ??= { groups: [], activities: [] };
  world.seed ??= 'memo';
  return world;
}

/** Writes a file atomically (temp file + rename), mode 0600. */
export async function writeAtomic(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, text, { mode: 0o600 });
  await rename(temp, path);
}

/**
 * Saves the world after changes, debounced, one write at a time; `flush()` writes what is pending
 * (used on close, so a stopped sandbox has saved its last state).
 */
export class WorldSaver {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;

  constructor(
    private readonly stateDir: string,
    private readonly snapshot: () => World,
    private readonly onError: (error: unknown) => void,
    private readonly delayMs = 50,
  ) {}

  changed(): void {
    this.dirty = true;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.write();
    }, this.delayMs);
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.write();
  }

  private write(): Promise<void> {
    this.writing = this.writing.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      try {
        await writeAtomic(worldPath(this.stateDir), JSON.stringify(this.snapshot()));
      } catch (error) {
        this.onError(new Error('save sandbox world', { cause: error }));
      }
    });
    return this.writing;
  }
}
