import {
  CreateListenerCommand,
  DeleteListenerCommand,
  DeleteRuleCommand,
  DescribeListenersCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ELB_NOT_FOUND, elbOwnership } from '../aws/elbv2-tags.js';
import { isAwsError } from '../aws/errors.js';
import { stackTags } from '../aws/tags.js';
import { awsCommand, capture, cliTags, queryText, sh, val } from './cli-text.js';
import { defaults } from './defaults.js';
import { need } from './results.js';
import type { ListenerResult } from '../model/results.js';
import { checkAnswers, textQuestions } from './answer-table.js';
import { createOnce } from './create-once.js';
import { ensureRule } from './listener-rule.js';
import type { RecordResource, Step, StepDeps } from './types.js';

const PROMPT_PATTERN = 'Which path pattern should the listener rule forward to the service? (the memo used /*)';

/**
 * The HTTP listener on `port`: found, else created. CreateListener is idempotent with the same
 * settings; another listener on that port fails with DuplicateListener and is adopted only when
 * it is this stack's.
 */
async function ensureListener(
  deps: StepDeps,
  lbArn: string,
  tgArn: string,
  port: number,
  record: RecordResource,
): Promise<string> {
  const { value: arn, how } = await createOnce<string>({
    async find() {
      const out = await deps.clients.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: lbArn }), {
        abortSignal: deps.signal,
      });
      return out.Listeners?.find((l) => l.Port === port)?.ListenerArn;
    },
    async create() {
      const created = await deps.clients.elbv2.send(
        new CreateListenerCommand({
          LoadBalancerArn: lbArn,
          Protocol: 'HTTP',
          Port: port,
          DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
          Tags: stackTags(deps.stack),
        }),
        { abortSignal: deps.signal },
      );
      const listenerArn = created.Listeners?.[0]?.ListenerArn;
      if (!listenerArn) throw new Error('CreateListener returned no ARN');
      return listenerArn;
    },
    duplicate: ['DuplicateListener'],
    async claim(found) {
      if ((await elbOwnership(deps.clients.elbv2, found, deps.stack, deps.signal)) !== 'ours')
        throw new Error(
          `the load balancer already has a listener on port ${port} that is not this stack's; pick another --listener-port`,
        );
    },
  });
  record({ kind: 'listener', id: arn, label: `HTTP :${port} \u2192 target group` }, how === 'found');
  return arn;
}

/** Step 7: the HTTP listener forwarding to the target group, plus the memo's path-pattern rule. */
export const listenerStep: Step<ListenerResult> = {
  id: 'listener',
  title: 'Create the listener and the /* rule',
  why: 'A target group counts as attached to the load balancer only once a listener or rule forwards to it; ECS refuses to create the service before that.',
  keys: ['pathPattern'],
  questions: (known) => textQuestions(known, { pathPattern: PROMPT_PATTERN }),
  validate: (answers) => checkAnswers(answers, ['pathPattern']),
  async execute(answers, deps, record) {
    const lb = need(deps.context.results, 'load-balancer');
    const tg = need(deps.context.results, 'target-group');
    const port = Number(answers.listenerPort ?? defaults.listenerPort);
    try {
      const listenerArn = await ensureListener(deps, lb.loadBalancerArn, tg.targetGroupArn, port, record);
      const ruleArn = await ensureRule(deps, listenerArn, tg.targetGroupArn, answers.pathPattern!, record);
      return { listenerArn, ruleArn, port };
    } catch (cause) {
      throw new Error(`create the HTTP :${port} listener and its rule`, { cause });
    }
  },
  async teardown(resource, deps) {
    const what = resource.kind === 'listener' ? 'listener' : 'listener rule';
    try {
      const owner = await elbOwnership(deps.clients.elbv2, resource.id, deps.stack, deps.signal);
      if (owner === 'missing') return 'already-gone';
      if (owner === 'foreign') return 'not-ours';
      if (resource.kind === 'listener')
        await deps.clients.elbv2.send(new DeleteListenerCommand({ ListenerArn: resource.id }), {
          abortSignal: deps.signal,
        });
      else await deps.clients.elbv2.send(new DeleteRuleCommand({ RuleArn: resource.id }), { abortSignal: deps.signal });
      return 'deleted';
    } catch (error) {
      if (isAwsError(error, ...ELB_NOT_FOUND)) return 'already-gone';
      throw new Error(`delete ${what} ${resource.id}`, { cause: error });
    }
  },
  summary: (r) => [`listener HTTP :${r.port} ${r.listenerArn}`, `rule ${r.ruleArn}`],
  cli(answers, result, ctx) {
    const stack = ctx?.stack ?? 'demo';
    const tg = val(ctx?.results['target-group']?.targetGroupArn, 'TG_ARN');
    const pathPattern = answers.pathPattern ?? defaults.pathPattern;
    return [
      capture(
        'LISTENER_ARN',
        result?.listenerArn,
        awsCommand(
          'elbv2 create-listener',
          ['--load-balancer-arn', val(ctx?.results['load-balancer']?.loadBalancerArn, 'ALB_ARN')],
          ['--protocol', 'HTTP'],
          ['--port', answers.listenerPort ?? defaults.listenerPort],
          ['--default-actions', `Type=forward,TargetGroupArn=${tg}`],
          ['--tags', cliTags(stack)],
          queryText('Listeners[0].ListenerArn'),
        ),
      ),
      awsCommand(
        'elbv2 create-rule',
        ['--listener-arn', val(result?.listenerArn, 'LISTENER_ARN')],
        ['--priority', 1],
        ['--conditions', sh(`Field=path-pattern,PathPatternConfig={Values=[${pathPattern}]}`)],
        ['--actions', `Type=forward,TargetGroupArn=${tg}`],
        ['--tags', cliTags(stack)],
      ),
    ];
  },
};
