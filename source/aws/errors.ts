import type { FriendlyError } from '../model/errors.js';

const NO_CREDENTIALS = new Set(['CredentialsProviderError', 'ProviderError']);
const BAD_CREDENTIALS = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'AuthFailure',
  'InvalidAccessKeyId',
]);
const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
]);
const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException']);
const NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'TimeoutError']);

type Named = Error & { code?: string; $metadata?: { httpStatusCode?: number } };

/** The AWS (or network) error at the bottom of a chain of `cause`s, found by `name`/`code`. */
export function rootAwsError(error: unknown): Named | undefined {
  let current: unknown = error;
  let found: Named | undefined;
  for (let depth = 0; current instanceof Error && depth < 10; depth++) {
    const named = current as Named;
    if (named.name !== 'Error' || named.code) found = named;
    current = named.cause;
  }
  return found;
}

/** `ResourceInUseException` and `ResourceInUse` name the same error (SDK class vs wire code). */
function bare(name: string): string {
  return name.endsWith('Exception') ? name.slice(0, -'Exception'.length) : name;
}

/**
 * True when the error (or one of its causes) carries one of the AWS error names given. The SDK
 * names modeled errors `<Code>Exception` (ELBv2, IAM, ECS) and unmodeled ones by their wire code
 * (EC2's `InvalidGroup.NotFound`); both spellings match.
 */
export function isAwsError(error: unknown, ...names: string[]): boolean {
  const wanted = new Set(names.map(bare));
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 10; depth++) {
    const named = current as Named & { Code?: string };
    for (const candidate of [named.name, named.code, named.Code])
      if (candidate !== undefined && wanted.has(bare(candidate))) return true;
    current = named.cause;
  }
  return false;
}

/** The chain of messages, outermost first: `create target group: ValidationError: ...`. */
function chainMessage(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 10; depth++) {
    if (current.message && !parts.includes(current.message)) parts.push(current.message);
    current = current.cause;
  }
  if (parts.length === 0) parts.push(String(error));
  return parts.join(': ');
}

/**
 * Turns any error into one line a user can act on. AWS errors are matched by `error.name` (works
 * across SDK copies and in mocks): missing or expired credentials hint at `--sandbox`, AccessDenied
 * names the IAM action, throttling says the retries ran out.
 */
export function friendlyError(error: unknown, progressSaved = true): FriendlyError {
  const root = rootAwsError(error);
  const name = root?.name === 'Error' ? root.code : root?.name;
  const is = (set: Set<string>) => name !== undefined && (set.has(name) || set.has(bare(name)));
  const code = name ?? root?.code;
  const message = chainMessage(error);
  const base = { progressSaved, ...(code ? { code } : {}) };
  if (is(NO_CREDENTIALS) || /Could not load credentials/i.test(message)) {
    return {
      ...base,
      message: `No AWS credentials found (${message})`,
      hint: 'Configure credentials (aws configure, AWS_PROFILE, --profile), or try the local sandbox with --sandbox',
    };
  }
  if (is(BAD_CREDENTIALS)) {
    return {
      ...base,
      message: `AWS rejected the credentials as expired or invalid (${message})`,
      hint: 'Refresh them (e.g. aws sso login), pick another --profile, or try --sandbox',
    };
  }
  if (is(ACCESS_DENIED)) {
    const action = /perform: ([\w-]+:[\w-]+)/.exec(root?.message ?? '')?.[1];
    const resource = /on resource: (\S+?)[.,;]?(?:\s|$)/.exec(root?.message ?? '')?.[1];
    const what = `${action ?? 'the action named above'}${resource ? ` on ${resource}` : ''}`;
    return {
      ...base,
      message: `Access denied${action ? ` for ${action}` : ''}${resource ? ` on ${resource}` : ''} (${message})`,
      hint:
        action === 'iam:PassRole'
          ? `The caller needs iam:PassRole for ${resource ?? 'the instance role'} to launch instances with it; grant it to your IAM identity, or use a profile that has it`
          : `Grant ${what} to your IAM identity, or use a profile that has it`,
    };
  }
  if (is(THROTTLED)) {
    return {
      ...base,
      message: `AWS kept throttling the requests after the SDK's retries (${message})`,
      hint: 'Wait a minute and run the same command again; progress is saved',
    };
  }
  if (is(NETWORK) || (root?.code && NETWORK.has(root.code))) {
    return {
      ...base,
      message: `Cannot reach the AWS endpoint (${message})`,
      hint: 'Check the network, --region and --endpoint-url',
    };
  }
  if ((root?.$metadata?.httpStatusCode ?? 0) >= 500) {
    return {
      ...base,
      message: `AWS answered with a server error after retries (${message})`,
      hint: 'Run the same command again; progress is saved',
    };
  }
  return { ...base, message };
}
