import { type Agent, request } from 'node:http';

/** What one health check saw: success, or AWS's reason code and description for the failure. */
export type ProbeResult =
  | { ok: true }
  | {
      ok: false;
      reason: 'Target.ResponseCodeMismatch' | 'Target.Timeout' | 'Target.FailedHealthChecks';
      description: string;
    };

/** Whether an HTTP status satisfies a matcher such as `200`, `200,202` or `200-299`. */
export function matches(matcher: string, status: number): boolean {
  return matcher.split(',').some((part) => {
    const [low, high] = part.trim().split('-').map(Number);
    return high === undefined ? status === low : low !== undefined && status >= low && status <= high;
  });
}

/** One health check: GET `path` on 127.0.0.1:`port` through `agent`, judged by `matcher`. */
export type ProbeRequest = { port: number; path: string; matcher: string; timeoutMs: number; agent: Agent };

/**
 * One HTTP health check of 127.0.0.1:port (GET, no body kept). It goes over the agent's kept-alive
 * connection to the target when there is one, so a check every interval does not cost a new
 * connection each time; when the target closed that connection just as it was reused, the check
 * is made once more on a new one rather than counted as a failure. A target that is gone refuses
 * the new connection and fails.
 */
export function probe(check: ProbeRequest): Promise<ProbeResult> {
  return new Promise((settle) => {
    let done = false;
    const resolve = (result: ProbeResult): void => {
      done = true;
      settle(result);
    };
    const attempt = (mayRetry: boolean): void => {
      const req = request({
        host: '127.0.0.1',
        port: check.port,
        path: check.path,
        method: 'GET',
        agent: check.agent,
        headers: { 'user-agent': 'ELB-HealthChecker/2.0' },
      });
      const timer = setTimeout(() => {
        req.destroy();
        resolve({ ok: false, reason: 'Target.Timeout', description: 'Request timed out' });
      }, check.timeoutMs);
      req.on('response', (res) => {
        res.resume();
        clearTimeout(timer);
        const status = res.statusCode ?? 0;
        resolve(
          matches(check.matcher, status)
            ? { ok: true }
            : {
                ok: false,
                reason: 'Target.ResponseCodeMismatch',
                description: `Health checks failed with these codes: [${status}]`,
              },
        );
      });
      req.on('error', () => {
        clearTimeout(timer);
        if (done) return; // destroyed on timeout
        if (mayRetry && req.reusedSocket) attempt(false);
        else resolve({ ok: false, reason: 'Target.FailedHealthChecks', description: 'Health checks failed' });
      });
      req.end();
    };
    attempt(true);
  });
}
