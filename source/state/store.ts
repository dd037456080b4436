import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { printable } from '../lib/printable.js';
import { makeStateDir } from './paths.js';
import { recordSchema, STATE_VERSION, type StackRecord } from './schema.js';

type File = { record?: StackRecord };

/** Migrations from older record versions, keyed by the version they upgrade from. */
const migrations: Record<number, (record: StackRecord) => StackRecord> = {};

/** The record at the current version; a record this version cannot read names its file and directory. */
function migrate(record: StackRecord, path: string, stateDir: string): StackRecord {
  let current = record;
  while (current.version < STATE_VERSION) {
    const step = migrations[current.version];
    if (!step)
      throw new Error(`saved progress ${path} has state version ${current.version}, which no migration upgrades`);
    current = step(current);
  }
  if (current.version > STATE_VERSION) {
    throw new Error(
      `saved progress ${path} (state directory ${stateDir}) was written by a newer ecs-alb-wizard (state version ${current.version}; this one reads ${STATE_VERSION}): upgrade ecs-alb-wizard, or give --state-dir another directory`,
    );
  }
  return current;
}

/** A file that does not parse or fit the schema. The parser quotes its bytes: they are escaped, so a corrupt file cannot drive the terminal. */
function unreadable(path: string, stack: string, cause: unknown): Error {
  const reason = printable(cause instanceof Error ? cause.message : String(cause));
  return new Error(`read saved progress for stack '${stack}' from ${path} (fix or delete the file to start over)`, {
    cause: new Error(reason),
  });
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
    makeStateDir(stateDir);
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
      throw unreadable(join(stateDir, `stack-${stack}.json`), stack, cause);
    }
    this.path = this.conf.path;
  }

  /** The saved record, migrated to the current version, or undefined for a new stack. */
  get(): StackRecord | undefined {
    let record: StackRecord | undefined;
    try {
      record = this.conf.get('record');
    } catch (cause) {
      throw unreadable(this.path, this.stack, cause);
    }
    return record ? migrate(record, this.path, this.stateDir) : undefined;
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
