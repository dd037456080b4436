import { request } from 'node:http';

/** What one health check saw: success, or AWS's reason code and description for the failure. */
export type ProbeResult = { ok: true } | { ok: false; reason: 'Target.ResponseCodeMismatch' | 'Target.Timeout' | 'Target.FailedHealthChecks'; description: string };

/** Whether an HTTP status satisfies a matcher such as `200`, `200,202` or `200-299`. */
export function matches(matcher: string, status: number): boolean {
  return matcher.split(',').some((part) => {
    const [low, high] = part.trim().split('-').map(Number);
    return high === undefined ? status === low : low !== undefined && status >= low && status <= high;
  });
}

/** One HTTP health check of 127.0.0.1:port, as an ALB node does it (new connection, GET, no body kept). */
export function probe(port: number, path: string, matcher: string, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', agent: false, headers: { 'user-agent': 'ELB-HealthChecker/2.0', connection: 'close' } });
    const timer = setTimeout(() => {
      req.destroy();
      resolve({ ok: false, reason: 'Target.Timeout', description: 'Request timed out' });
    }, timeoutMs);
    req.on('response', (res) => {
      res.resume();
      clearTimeout(timer);
      const status = res.statusCode ?? 0;
      resolve(matches(matcher, status) ? { ok: true } : { ok: false, reason: 'Target.ResponseCodeMismatch', description: `Health checks failed with these codes: [${status}]` });
    });
    req.on('error', () => {
      clearTimeout(timer);
      resolve({ ok: false, reason: 'Target.FailedHealthChecks', description: 'Health checks failed' });
    });
    req.end();
  });
}
