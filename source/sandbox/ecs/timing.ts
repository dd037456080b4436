/**
 * How long ECS takes for each step, in AWS milliseconds (the sandbox clock scales them). Close to
 * what an EC2 launch-type service shows with a small, cached image.
 */
export const timing = {
  /** PROVISIONING → PENDING: the scheduler hands the task to the agent. */
  provisioningMs: 3_000,
  /** PENDING → RUNNING: image pull and container start. */
  pendingMs: 12_000,
  /** desiredStatus STOPPED → STOPPED once targets are drained: SIGTERM and container exit. */
  stoppingMs: 2_000,
  /** A DRAINING service with no tasks left turns INACTIVE after this. */
  inactiveAfterMs: 30_000,
  /** The scheduler retries placing tasks that did not fit after this. */
  placementRetryMs: 30_000,
  /** PutClusterCapacityProviders: attachmentsStatus UPDATE_IN_PROGRESS → UPDATE_COMPLETE. */
  capacityUpdateMs: 5_000,
  /** DeleteCapacityProvider: DELETE_IN_PROGRESS → INACTIVE / DELETE_COMPLETE. */
  capacityDeleteMs: 10_000,
} as const;

export type Timing = { [K in keyof typeof timing]: number };
