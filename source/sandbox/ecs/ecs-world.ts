import type { EcsContext } from '../contracts.js';
import { Arns, uuid } from './arns.js';
import { ecsErrors } from './errors.js';
import type {
  ClusterRecord,
  ContainerInstanceRecord,
  EcsState,
  ServiceRecord,
  TaskDefinitionRecord,
  TaskRecord,
} from './model.js';

/** ECS keeps the newest 100 events of a service. */
const maxEvents = 100;

/**
 * The ECS state with the look-ups every operation needs (names, ids or ARNs, as ECS accepts
 * them) and the two side effects that go with a change: a service event and `changed()`.
 */
export class EcsWorld {
  readonly arns: Arns;
  private readonly batches: { flush(): void }[] = [];
  private flushing = false;

  constructor(
    readonly state: EcsState,
    readonly ctx: EcsContext,
  ) {
    this.arns = new Arns(ctx.region, ctx.accountId);
  }

  now(): number {
    return this.ctx.clock.now().getTime();
  }

  changed(): void {
    this.ctx.changed();
  }

  findCluster(ref: string | undefined): ClusterRecord | undefined {
    const name = Arns.lastSegment(ref ?? 'default');
    return this.state.clusters.find((c) => c.name === name && (!ref?.startsWith('arn:') || c.arn === ref));
  }

  /** The ACTIVE cluster `ref` (name or ARN; ECS's default is `default`), or ClusterNotFoundException. */
  cluster(ref: string | undefined): ClusterRecord {
    const cluster = this.findCluster(ref);
    if (!cluster || cluster.status !== 'ACTIVE') throw ecsErrors.clusterNotFound();
    return cluster;
  }

  /** A service of the cluster by name or ARN; a live one wins over an INACTIVE one of the same name. */
  findService(cluster: ClusterRecord, ref: string): ServiceRecord | undefined {
    const name = Arns.lastSegment(ref);
    const matches = this.state.services.filter((s) => s.clusterArn === cluster.arn && s.name === name);
    return matches.find((s) => s.status !== 'INACTIVE') ?? matches.at(-1);
  }

  service(cluster: ClusterRecord, ref: string): ServiceRecord {
    const service = this.findService(cluster, ref);
    if (!service) throw ecsErrors.serviceNotFound();
    return service;
  }

  /** `family` (latest ACTIVE revision), `family:revision`, or a task definition ARN. */
  findTaskDefinition(ref: string): TaskDefinitionRecord | undefined {
    const key = ref.startsWith('arn:') ? ref.slice(ref.indexOf('task-definition/') + 'task-definition/'.length) : ref;
    const [family, revision] = key.split(':');
    if (revision !== undefined) {
      return this.state.taskDefinitions.find((t) => t.family === family && String(t.revision) === revision);
    }
    return this.state.taskDefinitions
      .filter((t) => t.family === family && t.status === 'ACTIVE')
      .reduce<TaskDefinitionRecord | undefined>(
        (latest, t) => (!latest || t.revision > latest.revision ? t : latest),
        undefined,
      );
  }

  taskDefinitionByArn(arn: string): TaskDefinitionRecord {
    const taskDefinition = this.state.taskDefinitions.find((t) => t.arn === arn);
    if (!taskDefinition) throw new Error(`task definition ${arn} is missing from the sandbox state`);
    return taskDefinition;
  }

  /** A task of the cluster by ARN or id. */
  findTask(cluster: ClusterRecord, ref: string): TaskRecord | undefined {
    const id = Arns.lastSegment(ref);
    return this.state.tasks.find((t) => t.clusterArn === cluster.arn && t.id === id);
  }

  /** A container instance of the cluster by ARN or id. */
  findInstance(cluster: ClusterRecord, ref: string): ContainerInstanceRecord | undefined {
    const id = Arns.lastSegment(ref);
    return this.state.containerInstances.find((i) => i.clusterArn === cluster.arn && Arns.lastSegment(i.arn) === id);
  }

  instanceByArn(arn: string): ContainerInstanceRecord | undefined {
    return this.state.containerInstances.find((i) => i.arn === arn);
  }

  clusterByArn(arn: string): ClusterRecord | undefined {
    return this.state.clusters.find((c) => c.arn === arn);
  }

  /** Every task the service ever started that ECS still shows. */
  tasksOf(service: ServiceRecord): TaskRecord[] {
    return this.state.tasks.filter((t) => t.serviceArn === service.arn);
  }

  /** Registers a batch of pending events, written before any later event so the order holds. */
  addBatch(batch: { flush(): void }): void {
    this.batches.push(batch);
  }

  /** Writes every batched event now (before a later event, and on close). */
  flushEvents(): void {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (const batch of this.batches) batch.flush();
    } finally {
      this.flushing = false;
    }
  }

  /** Appends a service event as ECS writes them: `(service <name>) <text>`. */
  addEvent(service: ServiceRecord, text: string): void {
    this.flushEvents();
    service.events.push({ id: uuid(), createdAt: this.now(), message: `(service ${service.name}) ${text}` });
    if (service.events.length > maxEvents) service.events.splice(0, service.events.length - maxEvents);
    this.changed();
  }
}
