import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import Conf from 'conf';
import { recordSchema, STATE_VERSION, type StackRecord } from './schema.js';

type File = { record?: StackRecord };

/** Migrations from older record versions, keyed by the version they upgrade from. */
const migrations: Record<number, (record: StackRecord) => StackRecord> = {};

function migrate(record: StackRecord): StackRecord {
  let current = record;
  while (current.version < STATE_VERSION) {
    const step = migrations[current.version];
    if (!step) throw new Error(`no migration from state version ${current.version}`);
    current = step(current);
  }
  if (current.version > STATE_VERSION) {
    throw new Error(
      `the state file was written by a newer ecs-alb-wizard (version ${current.version}); upgrade to use it`,
    );
  }
  return current;
}

/**
 * Progress of one stack, in `<stateDir>/stack-<name>.json` (mode 0600, directory 0700), kept by
 * conf (atomic writes, schema-validated). One writer at a time: hold the stack lock first.
 */
export class StackStore {
  readonly path: string;
  private readonly conf: Conf<File>;

  constructor(
    readonly stateDir: string,
    readonly stack: string,
  ) {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    try {
      this.conf = new Conf<File>({
        cwd: stateDir,
        configName: `stack-${stack}`,
        projectName: 'ecs-alb-wizard',
        configFileMode: 0o600,
        accessPropertiesByDotNotation: false,
        schema: { record: recordSchema as never },
      });
    } catch (cause) {
      throw new Error(
        `read saved progress for stack '${stack}' in ${stateDir} (fix or delete the file to start over)`,
        { cause },
      );
    }
    this.path = this.conf.path;
  }

  /** The saved record, migrated to the current version, or undefined for a new stack. */
  get(): StackRecord | undefined {
    const record = this.conf.get('record');
    return record ? migrate(record) : undefined;
  }

  /** Saves the record at once (atomic write), stamping `updatedAt`. */
  set(record: StackRecord, now = new Date()): void {
    this.conf.set('record', { ...record, version: STATE_VERSION, updatedAt: now.toISOString() });
  }

  /** Applies `change` to the saved record and saves it. Throws when there is no record. */
  update(change: (record: StackRecord) => void, now = new Date()): StackRecord {
    const record = this.get();
    if (!record) throw new Error(`no saved progress for stack '${this.stack}'`);
    change(record);
    this.set(record, now);
    return record;
  }

  /** Forgets the stack: removes its file. */
  delete(): void {
    rmSync(this.path, { force: true });
  }
}

/** Names of every stack with saved progress in a state directory. */
export function listStacks(stateDir: string): string[] {
  try {
    return readdirSync(stateDir)
      .map((f) => /^stack-(.+)\.json$/.exec(f)?.[1])
      .filter((s): s is string => s !== undefined)
      .sort();
  } catch {
    return [];
  }
}
