import type { HandlerExecutionContext, InitializeMiddleware, MiddlewareStack } from '@smithy/types';

/** One AWS call that has been in flight for a while, as a UI shows it. */
export type SlowCall = {
  /** Stable id of the call, so an update replaces the previous line. */
  id: string;
  /** `ELBv2 CreateLoadBalancer`. */
  what: string;
  startedAt: number;
  /** Set when the call has ended, either way. */
  ended?: boolean;
};

export type CallWatchOptions = {
  /** A call that runs longer than this is reported (and then every `everyMs`). */
  afterMs: number;
  everyMs: number;
  now?: () => number;
};

type Listener = (call: SlowCall) => void;

/** Any SDK v3 client: what `attach` needs of it. */
type Stackable<I extends object, O extends object> = { middlewareStack: MiddlewareStack<I, O> };

const serviceNames: Record<string, string> = {
  ECSClient: 'ECS',
  ElasticLoadBalancingV2Client: 'ELBv2',
  EC2Client: 'EC2',
  IAMClient: 'IAM',
  STSClient: 'STS',
  AutoScalingClient: 'Auto Scaling',
  SSMClient: 'SSM',
};

/**
 * Watches every AWS call of a set of clients and tells listeners about the ones that take long
 * (a slow endpoint, retries after throttling or timeouts), so no call leaves the screen silent.
 * Listeners come and go per run (`listen` returns the unsubscribe).
 */
export class CallWatch {
  private readonly listeners = new Set<Listener>();
  private nextId = 0;

  constructor(private readonly options: CallWatchOptions) {}

  /** Adds the watching middleware to a client. */
  attach<I extends object, O extends object>(client: Stackable<I, O>): void {
    const middleware: InitializeMiddleware<I, O> = (next, context) => (args) => this.watch(context, () => next(args));
    client.middlewareStack.add(middleware, { step: 'initialize', name: 'ecsAlbWizardCallWatch' });
  }

  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async watch<T>(context: HandlerExecutionContext, call: () => Promise<T>): Promise<T> {
    const now = this.options.now ?? Date.now;
    const service = serviceNames[context.clientName ?? ''] ?? context.clientName ?? 'AWS';
    const operation = (context.commandName ?? 'call').replace(/Command$/, '');
    const slow: SlowCall = { id: `aws-call-${++this.nextId}`, what: `${service} ${operation}`, startedAt: now() };
    let reported = false;
    const report = () => {
      reported = true;
      for (const listener of this.listeners) listener({ ...slow });
    };
    let timer: NodeJS.Timeout | undefined;
    const schedule = (ms: number) => {
      timer = setTimeout(() => {
        report();
        schedule(this.options.everyMs);
      }, ms);
      timer.unref();
    };
    schedule(this.options.afterMs);
    try {
      return await call();
    } finally {
      clearTimeout(timer);
      if (reported) {
        slow.ended = true;
        report();
      }
    }
  }
}
