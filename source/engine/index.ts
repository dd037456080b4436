/**
 * The engine's public API, free of React and Ink: the CLI's headless path and the interactive
 * wizard drive the same functions (setup through `runSetupFlow`) and read the same `RunnerEvent` stream.
 */
export { runSetup, type SetupOptions, type SetupOutcome } from './runner.js';
export {
  currentVerification,
  lastVerification,
  runSetupFlow,
  verifiedSteps,
  verifyShown,
  type SetupFlowOptions,
  type SetupFlowOutcome,
  type VerifyStack,
} from './setup-flow.js';
export { setupStanding, type SetupStanding, type StandingVerdict } from './setup-standing.js';
export {
  planTeardown,
  runTeardown,
  teardownOrder,
  type TeardownOptions,
  type TeardownOutcome,
  type TeardownPlan,
} from './teardown.js';
export type { LeftAlone } from './discover-owned.js';
export { runScale, type ScaleOptions, type ScaleOutcome } from './scale.js';
export { runDeploy, type DeployChange, type DeployOptions, type DeployOutcome, type DeployResult } from './deploy.js';
export { envProblem, parseEnv } from './env-rule.js';
export {
  watchStack,
  type StackWatchOptions,
  type StackWatchSettings,
  type StartWatch,
  type Watched,
} from './watch-stack.js';
export { loadStatus, type StackStatus } from './status.js';
export { buildPlan, planScript, type PlanEntry } from './plan.js';
export { UsageError } from './usage-error.js';
export type { EngineDeps, CrashPoint } from './deps.js';
export { steps, stepById, stepsFor } from '../steps/index.js';
