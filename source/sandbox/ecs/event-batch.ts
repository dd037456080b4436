import type { ServiceRecord } from './model.js';
import type { EcsWorld } from './ecs-world.js';

type Pending = { service: ServiceRecord; items: string[] };

/**
 * Groups what happens to several tasks in the same moment into one service event, as ECS does
 * ("registered 3 targets in ...", "has stopped 2 running tasks: (task a) (task b)."). Items
 * added in one turn of the event loop are written together on the next.
 */
export class EventBatch {
  private readonly pending = new Map<string, Pending>();
  private scheduled = false;

  constructor(
    private readonly world: EcsWorld,
    private readonly format: (items: string[], key: string) => string,
  ) {
    world.addBatch(this);
  }

  add(service: ServiceRecord, key: string, item: string): void {
    const id = `${service.arn}\n${key}`;
    const entry = this.pending.get(id) ?? { service, items: [] };
    entry.items.push(item);
    this.pending.set(id, entry);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Writes every pending event now. */
  flush(): void {
    this.scheduled = false;
    const entries = [...this.pending];
    this.pending.clear();
    for (const [id, entry] of entries) {
      this.world.addEvent(entry.service, this.format(entry.items, id.slice(id.indexOf('\n') + 1)));
    }
  }
}
