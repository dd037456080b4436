/**
 * The local sandbox: an AWS-compatible endpoint (ECS, ELBv2, EC2, Auto Scaling, IAM, SSM, STS on one port of
 * 127.0.0.1) with a live data plane, used by `sandbox serve`, `--sandbox` and the tests.
 */
export { startSandbox, type Sandbox, type SandboxOptions } from './start.js';
export { connectSandbox, type SandboxConnection } from './connect.js';
export type { FaultSpec, Faults, ServiceId } from './faults.js';
export type { Inventory } from './world.js';
export { seed } from './seed-ids.js';
