/**
 * Default answers. The image is Docker's official busybox from the ECR Public mirror: a 2 MB
 * image with `httpd`, pulled without Docker Hub's rate limits and with no build step; the
 * default command writes the container's hostname (Docker's 12-hex short id in bridge mode) to
 * `/www/hostname` and serves it, so `GET /hostname` answers like the memo's Sinatra app.
 */
export const defaults = {
  createCluster: 'false',
  instanceType: 't3.small',
  instances: '2',
  listenerPort: '80',
  allowCidr: '0.0.0.0/0',
  hostPortRange: '32768-65535',
  healthCheckPath: '/hostname',
  deregistrationDelay: '20',
  scheme: 'internet-facing',
  pathPattern: '/*',
  containerPort: '4567',
  image: 'public.ecr.aws/docker/library/busybox:stable',
  memory: '128',
  desiredCount: '1',
  scaleTo: '3',
} as const;

/** The shell line the default image runs: serve the container hostname at /hostname on `port`. */
export function defaultImageCommand(port: string): string {
  return `mkdir -p /www && hostname > /www/hostname && exec httpd -f -p ${port} -h /www`;
}

/**
 * Seconds the ECS agent waits after the stop signal before it kills the container (`stopTimeout`,
 * set explicitly; the agent's default is also 30 s). The deregistration delay default (20 s) is
 * shorter, so a stopping task's in-flight requests finish while its target drains and the
 * container still has time to exit on its own.
 */
export const containerStopTimeoutSeconds = 30;

/**
 * The service's zero-downtime rolling update: new tasks start before old ones stop (maximum
 * 200 %), healthy tasks never drop below the desired count (minimum 100 %), and a deployment whose
 * tasks keep failing is stopped and rolled back to the last one that worked (circuit breaker).
 */
export const deploymentConfiguration = {
  minimumHealthyPercent: 100,
  maximumPercent: 200,
  deploymentCircuitBreaker: { enable: true, rollback: true },
} as const;

/**
 * Health checks tuned for a demo: every 10 s, healthy after 2 passes (20 s instead of AWS's
 * default 30 s x 5 = 150 s), so new tasks take traffic sooner.
 */
export const healthCheck = {
  intervalSeconds: 10,
  timeoutSeconds: 5,
  healthyThreshold: 2,
  unhealthyThreshold: 2,
} as const;
