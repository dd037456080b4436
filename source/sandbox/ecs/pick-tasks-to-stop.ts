import type { TaskRecord } from './model.js';

/**
 * Which of a service's live tasks scale-in stops, as the ECS scheduler chooses: tasks not yet
 * RUNNING first, then (for a service spread over AZs: `zoneOf` given) from the AZ running most of
 * the service's tasks, then from the instance running most of them (keeping the spread), newest first.
 */
export function pickTasksToStop(
  live: readonly TaskRecord[],
  count: number,
  zoneOf?: (task: TaskRecord) => string | undefined,
): TaskRecord[] {
  const perInstance = new Map<string, number>();
  for (const t of live) perInstance.set(t.containerInstanceArn, (perInstance.get(t.containerInstanceArn) ?? 0) + 1);
  const zone = (t: TaskRecord): string => zoneOf?.(t) ?? '';
  const perZone = new Map<string, number>();
  for (const t of live) perZone.set(zone(t), (perZone.get(zone(t)) ?? 0) + 1);
  const chosen: TaskRecord[] = [];
  const remaining = [...live];
  while (chosen.length < count && remaining.length > 0) {
    remaining.sort(
      (a, b) =>
        Number(a.lastStatus === 'RUNNING') - Number(b.lastStatus === 'RUNNING') ||
        (perZone.get(zone(b)) ?? 0) - (perZone.get(zone(a)) ?? 0) ||
        (perInstance.get(b.containerInstanceArn) ?? 0) - (perInstance.get(a.containerInstanceArn) ?? 0) ||
        b.createdAt - a.createdAt,
    );
    const task = remaining.shift();
    if (!task) break;
    chosen.push(task);
    perInstance.set(task.containerInstanceArn, (perInstance.get(task.containerInstanceArn) ?? 1) - 1);
    perZone.set(zone(task), (perZone.get(zone(task)) ?? 1) - 1);
  }
  return chosen;
}
