import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where progress lives when `--state-dir` is not given: the platform's per-user config folder,
 * or `ECS_ALB_WIZARD_STATE_DIR` when set.
 */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ECS_ALB_WIZARD_STATE_DIR) return env.ECS_ALB_WIZARD_STATE_DIR;
  const home = homedir();
  switch (process.platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'ecs-alb-wizard');
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'ecs-alb-wizard');
    default:
      return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'ecs-alb-wizard');
  }
}

/** The sandbox keeps its world beside the progress, so `--sandbox` commands share one world. */
export function sandboxStateDir(stateDir: string): string {
  return join(stateDir, 'sandbox');
}
