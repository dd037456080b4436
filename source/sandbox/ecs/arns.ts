import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** Random lower-case hex of `length` characters (task ids, Docker container ids). */
export function randomHex(length: number): string {
  return randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length);
}

/** Hex derived from a seed, so the seeded world has the same ids every time. */
export function stableHex(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

/** A UUID, as ECS uses for service events and container ARNs. */
export function uuid(): string {
  return randomUUID();
}

/** An ECS deployment id: `ecs-svc/` and 19 digits. */
export function deploymentId(): string {
  const digits = Array.from(randomBytes(19), (b) => String(b % 10)).join('');
  return `ecs-svc/${digits.replace(/^0/, '9')}`;
}

/** Builds ECS ARNs for one region and account. */
export class Arns {
  constructor(
    readonly region: string,
    readonly accountId: string,
  ) {}

  private base(resource: string): string {
    return `arn:aws:ecs:${this.region}:${this.accountId}:${resource}`;
  }

  cluster(name: string): string {
    return this.base(`cluster/${name}`);
  }

  capacityProvider(name: string): string {
    return this.base(`capacity-provider/${name}`);
  }

  containerInstance(clusterName: string, id: string): string {
    return this.base(`container-instance/${clusterName}/${id}`);
  }

  taskDefinition(family: string, revision: number): string {
    return this.base(`task-definition/${family}:${revision}`);
  }

  service(clusterName: string, name: string): string {
    return this.base(`service/${clusterName}/${name}`);
  }

  task(clusterName: string, id: string): string {
    return this.base(`task/${clusterName}/${id}`);
  }

  container(clusterName: string, taskId: string): string {
    return this.base(`container/${clusterName}/${taskId}/${uuid()}`);
  }

  /** True when `value` is an ECS ARN of this kind (`cluster`, `service`, ...). */
  static isArn(value: string, kind: string): boolean {
    return value.startsWith('arn:aws:ecs:') && value.split(':')[5]?.startsWith(`${kind}/`) === true;
  }

  /** The last path segment of an ARN, or the value itself when it is a plain name or id. */
  static lastSegment(value: string): string {
    return value.slice(value.lastIndexOf('/') + 1);
  }
}
