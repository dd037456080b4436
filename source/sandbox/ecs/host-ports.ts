import { randomInt } from 'node:crypto';
import { TaskServer, type ContainerBehaviour } from './task-server.js';

/** How many ports of the range are tried before giving up (each taken one is skipped). */
const attempts = 50;

/**
 * Listens on a dynamic host port as Docker publishes one: any free port the OS picks when the
 * agent has no `ECS_DYNAMIC_HOST_PORT_RANGE`, else a free port inside that range (random start,
 * next one when taken). Fails with the range named when none of the tried ports is free.
 */
export async function listenDynamic(
  behaviour: ContainerBehaviour,
  range: { from: number; to: number } | undefined,
): Promise<TaskServer> {
  if (!range) return TaskServer.listen(behaviour, 0);
  const size = range.to - range.from + 1;
  const start = randomInt(0, size);
  let last: unknown;
  for (let i = 0; i < Math.min(size, attempts); i += 1) {
    const port = range.from + ((start + i) % size);
    try {
      return await TaskServer.listen(behaviour, port);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      last = error;
    }
  }
  const reason = last instanceof Error ? `: ${last.message}` : '';
  throw new Error(`no free host port in the dynamic range ${range.from}-${range.to}${reason}`);
}
