/** Quotes a value for a POSIX shell only when it needs it. */
export function sh(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A real value when known, else a shell variable reference such as `"$ALB_SG_ID"`. */
export function val(known: string | number | undefined, variable: string): string {
  return known === undefined ? `"$${variable}"` : sh(String(known));
}

/**
 * A create command: with the real result known it is shown as is; in a plan it captures the new
 * id into a shell variable the later commands use.
 */
export function capture(variable: string, known: string | undefined, command: string): string {
  return known === undefined ? `${variable}=$(${command})` : command;
}

/** `--tags` argument value for ELBv2/EC2 style tags in the CLI. */
export function cliTags(stack: string): string {
  return `Key=ecs-alb-wizard:stack,Value=${sh(stack)}`;
}

/** One option of an `aws` command: its flag and the value(s) after it, already quoted for the shell. */
export type CliOption = readonly (string | number)[];

/**
 * An `aws` command built from its parts, so a long command reads one option a line:
 * `awsCommand('elbv2 wait load-balancer-available', ['--load-balancer-arns', arn])`.
 * Everything is joined with single spaces; values are not quoted here (use `sh` or `val`).
 */
export function awsCommand(operation: string, ...options: CliOption[]): string {
  return ['aws', operation, ...options.flat()].join(' ');
}

/** `--query EXPR --output text`: what a command prints when its result is captured into a variable. */
export function queryText(expression: string): CliOption {
  return ['--query', sh(expression), '--output', 'text'];
}
