import type { ExpectedBackend } from './types.js';

/** `3f2a9b1c…` for long ids, as the report shows task ids. */
export function shortId(id: string, length = 8): string {
  const tail = id.includes('/') ? (id.split('/').pop() ?? id) : id;
  return tail.length > length ? `${tail.slice(0, length)}…` : tail;
}

/**
 * One line saying which expected backend stayed silent and, when the caller knew its target's
 * health, why, e.g. "task 3f2a9b1c… on i-0abc port 32771 never answered; its target is
 * unhealthy (Target.Timeout): the instances' security group must allow …".
 */
export function explainMissing(backend: ExpectedBackend): string {
  const who = backend.taskId ? `task ${shortId(backend.taskId)} (${backend.id})` : `backend ${backend.id}`;
  const where = [
    backend.instanceId ? ` on ${backend.instanceId}` : '',
    backend.hostPort !== undefined ? ` port ${backend.hostPort}` : '',
  ].join('');
  const health = backend.targetHealth
    ? `; its target is ${backend.targetHealth}${backend.targetReason ? ` (${backend.targetReason})` : ''}`
    : '';
  const hint = backend.hint ? `${health ? ':' : ';'} ${backend.hint}` : '';
  return `${who}${where} never answered${health}${hint}`;
}
