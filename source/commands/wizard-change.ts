import type { EngineDeps } from '../engine/deps.js';
import { runDeploy } from '../engine/deploy.js';
import { parseEnv } from '../engine/env-rule.js';
import { runScale } from '../engine/scale.js';
import type { StackWatchOptions } from '../engine/watch-stack.js';
import type { StackRecord } from '../state/schema.js';
import { answerTable } from '../steps/answer-table.js';
import { defaults } from '../steps/defaults.js';
import type { ChangeField, ChangeKind, WizardChangeEnd } from '../ui/port.js';
import type { WatchReport } from '../../verify/watch-types.js';

/** The service's desired count as the stack last saved it (scale-out, else the service step). */
function countNow(record: StackRecord | undefined): number | undefined {
  return record?.results['scale-out']?.desiredCount ?? record?.results.service?.desiredCount;
}

/** `KEY=VALUE KEY2=VALUE2` as the wizard takes it (space-separated; a value holds no space here). */
function envOf(text: string): ReturnType<typeof parseEnv> {
  const pairs = text.split(/\s+/).filter(Boolean);
  return parseEnv(pairs);
}

/**
 * The questions of a change, each checked by its headless flag's rule: `scale N` (1 to the task
 * limit; the default goes the other way from now: out from 1 to 3, in to 1 otherwise), and for a
 * deploy `--image` (the current one by default) and `--env` pairs (none by default).
 */
export function changeFields(kind: ChangeKind, record: StackRecord | undefined): ChangeField[] {
  if (kind === 'scale') {
    const now = countNow(record);
    return [
      {
        id: 'count',
        label: `How many tasks should the service run?${now === undefined ? '' : ` (now ${now})`}`,
        flag: 'scale N',
        hint: 'More scales out, fewer scales in; the watch keeps requests flowing throughout.',
        default: now === 1 ? '3' : '1',
        validate: (v) => answerTable.scaleTo.validate(v)?.replace(answerTable.scaleTo.flag, 'scale N'),
      },
    ];
  }
  return [
    {
      id: 'image',
      label: 'Image of the new revision',
      flag: '--image',
      hint: 'Enter keeps the current image: the new revision differs only by what you set next.',
      default: record?.answers.image ?? defaults.image,
      validate: (v) => answerTable.image.validate(v),
    },
    {
      id: 'env',
      label: 'Environment variables to set (KEY=VALUE, space-separated)',
      flag: '--env',
      hint: 'e.g. COLOR=blue RELEASE=2; enter for none.',
      default: '',
      validate: (v) => {
        const parsed = envOf(v);
        return 'problem' in parsed ? parsed.problem : undefined;
      },
    },
  ];
}

/** The menu's headline after a watched change: what was done, and what the watch says of it. */
function ending(done: string, ok: boolean, report: WatchReport | undefined, stopped: string): WizardChangeEnd {
  if (!ok) return { ok, ...(report ? { verdict: report.verdict } : {}), message: `${stopped} (see above).` };
  if (!report) return { ok, message: `${done}; the watch did not report.` };
  const message =
    report.verdict === 'PASS'
      ? `${done}: PASS, the load balancer followed the change (${report.failed} of ${report.sent} requests failed).`
      : `${done}, but the watch FAILED: see the criteria above.`;
  return { ok, verdict: report.verdict, message };
}

/** Runs a change the wizard asked about, watched (the engine sends `watch-tick` and `watch-result`). */
export async function runChange(
  stack: string,
  kind: ChangeKind,
  values: Record<string, string>,
  deps: EngineDeps,
  watch: StackWatchOptions,
): Promise<WizardChangeEnd> {
  if (kind === 'scale') {
    const count = values.count ?? '';
    const outcome = await runScale(stack, count, deps, { watch });
    const stopped = outcome.ok ? '' : `Scale to ${count} stopped: ${outcome.error.message}`;
    return ending(`Scaled to ${count}`, outcome.ok, outcome.watch, stopped);
  }
  const record = deps.store.get();
  const image = values.image && values.image !== (record?.answers.image ?? defaults.image) ? values.image : undefined;
  const parsed = envOf(values.env ?? '');
  const env = 'env' in parsed && Object.keys(parsed.env).length > 0 ? parsed.env : undefined;
  const outcome = await runDeploy(stack, { ...(image ? { image } : {}), ...(env ? { env } : {}) }, deps, { watch });
  const revision = outcome.result?.revision ?? 'the new revision';
  const stopped = outcome.ok ? '' : `Deploy of ${revision} stopped: ${outcome.error.message}`;
  return ending(`Deployed ${revision}`, outcome.ok, outcome.watch, stopped);
}
