import { ecsErrors } from './errors.js';

/** Reads a JSON 1.1 request body field by field, failing the way ECS does on a wrong type. */
export class Input {
  constructor(private readonly body: Record<string, unknown>) {}

  has(name: string): boolean {
    return this.body[name] !== undefined && this.body[name] !== null;
  }

  optionalString(name: string): string | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw ecsErrors.invalidParameter(`${name} must be a string.`);
    return value;
  }

  string(name: string, missing = `${name} can not be blank.`): string {
    const value = this.optionalString(name);
    if (value === undefined || value === '') throw ecsErrors.invalidParameter(missing);
    return value;
  }

  optionalInteger(name: string): number | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw ecsErrors.invalidParameter(`${name} must be an integer.`);
    }
    return value;
  }

  optionalBoolean(name: string): boolean | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw ecsErrors.invalidParameter(`${name} must be a boolean.`);
    return value;
  }

  list(name: string): unknown[] {
    const value = this.body[name];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw ecsErrors.invalidParameter(`${name} must be a list.`);
    return value as unknown[];
  }

  strings(name: string): string[] {
    return this.list(name).map((item) => {
      if (typeof item !== 'string') throw ecsErrors.invalidParameter(`${name} must be a list of strings.`);
      return item;
    });
  }

  /** An object field, wrapped to be read the same way. */
  optionalObject(name: string): Input | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value))
      throw ecsErrors.invalidParameter(`${name} must be an object.`);
    return new Input(value as Record<string, unknown>);
  }

  /** The objects of a list field, each wrapped to be read the same way. */
  objects(name: string): Input[] {
    return this.list(name).map((item) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        throw ecsErrors.invalidParameter(`${name} must be a list of objects.`);
      }
      return new Input(item as Record<string, unknown>);
    });
  }

  raw(): Record<string, unknown> {
    return this.body;
  }
}
