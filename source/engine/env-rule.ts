/** A variable name a shell and Docker both take: a letter or underscore, then letters, digits and underscores. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why `name` cannot be a container environment variable's name, as one line naming `--env`; undefined when it can. */
export function envProblem(name: string): string | undefined {
  if (ENV_NAME.test(name) && name.length <= 255) return undefined;
  return `--env key '${name}' must start with a letter or underscore and hold only letters, digits and underscores (at most 255), e.g. --env COLOR=blue`;
}

/**
 * `--env KEY=VALUE` values (the flag repeated) → variables; a value without `=` or a bad key is
 * one line naming `--env` and the rule. The value is everything after the first `=`, possibly empty.
 */
export function parseEnv(values: readonly string[]): { env: Record<string, string> } | { problem: string } {
  const env: Record<string, string> = {};
  for (const raw of values) {
    const at = raw.indexOf('=');
    if (at < 0) return { problem: `--env must be KEY=VALUE, got '${raw}'` };
    const name = raw.slice(0, at);
    const problem = envProblem(name);
    if (problem) return { problem };
    if (name in env)
      return { problem: `--env ${name} is given twice ('${env[name]}' and '${raw.slice(at + 1)}'); give it once` };
    env[name] = raw.slice(at + 1);
  }
  return { env };
}
