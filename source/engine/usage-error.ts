/** Bad input (a flag, a missing answer without a prompt): one line naming the flag; exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
