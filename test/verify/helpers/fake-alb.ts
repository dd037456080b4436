import { errors, MockAgent } from 'undici';

export const ORIGIN = 'http://alb.test';
export const PATH = '/hostname';
export const URL_ = `${ORIGIN}${PATH}`;

/** How one backend behind the fake load balancer answers. */
export type FakeBackend = {
  id: string;
  /** Slots per rotation (5 for a 5:1:1 skew). Default 1. */
  weight?: number;
  /** Answer with this status (a 502 from the load balancer, a 500 from the app). */
  status?: number;
  /** Fail at the connection level instead of answering. */
  fail?: 'timeout' | 'refused' | 'reset';
  delayMs?: number;
};

function failure(kind: NonNullable<FakeBackend['fail']>): Error {
  if (kind === 'timeout') return new errors.HeadersTimeoutError();
  const error = new Error(kind === 'refused' ? 'connect ECONNREFUSED 10.0.0.1:32771' : 'read ECONNRESET');
  return Object.assign(error, { code: kind === 'refused' ? 'ECONNREFUSED' : 'ECONNRESET' });
}

/**
 * An undici MockAgent standing in for a load balancer that rotates over `backends` in weighted
 * round-robin: the n-th request is answered by the n-th slot of the rotation. `slots` interceptors
 * are registered, one per request, so a run may send at most that many.
 */
export function fakeAlb(backends: FakeBackend[], slots = 400): MockAgent {
  const agent = new MockAgent({ connections: 1 });
  agent.disableNetConnect();
  const rotation = backends.flatMap((backend) => Array.from({ length: backend.weight ?? 1 }, () => backend));
  const pool = agent.get(ORIGIN);
  for (let slot = 0; slot < slots; slot += 1) {
    const backend = rotation[slot % rotation.length];
    if (!backend) throw new Error('fakeAlb needs at least one backend');
    const interceptor = pool.intercept({ path: PATH, method: 'GET' });
    const scope = backend.fail
      ? interceptor.replyWithError(failure(backend.fail))
      : interceptor.reply(backend.status ?? 200, backend.status ? 'Bad Gateway' : `${backend.id}\n`);
    if (backend.delayMs) scope.delay(backend.delayMs);
  }
  return agent;
}

/** How many requests reached the fake load balancer. */
export function requestsSeen(agent: MockAgent, slots = 400): number {
  return slots - agent.pendingInterceptors().length;
}
