import type { TaskRecord } from './model.js';
import type { EcsWorld } from './ecs-world.js';

/** The ECS agent's stop timeout when a container definition sets none (`ECS_CONTAINER_STOP_TIMEOUT` default). */
const defaultStopTimeoutSeconds = 30;

/** The longest `stopTimeout` of the task's containers (AWS ms): how long after the stop signal the agent kills. */
export function stopTimeoutMs(world: EcsWorld, task: TaskRecord): number {
  const definition = world.state.taskDefinitions.find((d) => d.arn === task.taskDefinitionArn);
  const seconds = (definition?.containerDefinitions ?? []).map((c) =>
    typeof c.extra.stopTimeout === 'number' ? c.extra.stopTimeout : defaultStopTimeoutSeconds,
  );
  return Math.max(0, ...seconds) * 1000;
}
