import { algorithmWords, evennessPromised } from './balance.js';
import { crossZoneFinding, disjointNodesFinding } from './cross-zone.js';
import { modifyAttribute, withFix } from './fix.js';
import { percent } from './spread-words.js';
import type { Finding, SpreadReport, Summary, Topology } from './types.js';

const modify = (topology: Topology, attribute: string): string => modifyAttribute(topology, `Key=${attribute}`);

function stickiness(summary: Summary, topology: Topology | undefined): Finding | undefined {
  const seen = summary.cookies;
  const sticky = topology?.stickiness;
  if (seen.length === 0 && !sticky?.enabled) return undefined;
  const how = sticky?.enabled ? ` (stickiness.type ${sticky.type ?? 'lb_cookie'})` : '';
  const cookies =
    seen.length > 0 ? `: the load balancer set ${seen.map((c) => `${c.name} on ${c.count} answers`).join(', ')}` : '';
  const lasting = sticky?.durationSeconds ? ` for up to ${sticky.durationSeconds} s` : '';
  const text =
    `stickiness is on${how}${cookies}. A client that sends the cookie back stays on one target${lasting}; ` +
    `this run sends no cookies, so its spread is what a client without cookies gets` +
    (topology
      ? `. If every client should spread, turn it off: ${modify(topology, 'stickiness.enabled,Value=false')}`
      : '');
  return { id: 'stickiness', severity: 'note', text: withFix(topology, 'stickiness', text) };
}

function algorithm(topology: Topology | undefined): Finding | undefined {
  const chosen = topology?.algorithm;
  if (!topology || chosen === undefined || chosen === 'round_robin') return undefined;
  const promise = evennessPromised(topology);
  const text = promise.promised
    ? `the target group routes by ${algorithmWords(chosen)}: targets are picked at random, so shares even out only on average and a verdict takes more requests than with round robin`
    : `${promise.why}: evenness is not promised, so the shares are shown but not judged; for an even spread route by round robin: ${modify(topology, 'load_balancing.algorithm.type,Value=round_robin')}`;
  return { id: 'algorithm', severity: 'note', text: withFix(topology, 'algorithm', text) };
}

function slowStart(
  summary: Summary,
  topology: Topology | undefined,
  startedAt: number,
  failing: boolean,
): Finding | undefined {
  const seconds = topology?.slowStartSeconds ?? 0;
  if (seconds <= 0) return undefined;
  const ramping = summary.backends.filter((b) => b.rampsUntil !== undefined && Date.parse(b.rampsUntil) > startedAt);
  if (ramping.length === 0) return undefined;
  const until = Math.max(...ramping.map((b) => Date.parse(b.rampsUntil ?? '')));
  const text = `slow start is on (slow_start.duration_seconds = ${seconds}): the load balancer was still ramping up ${ramping
    .map((b) => `${b.id} (${percent(b.share)})`)
    .join(
      ', ',
    )} until about ${new Date(until).toISOString().slice(11, 19)} UTC, and a ramping target takes less than its share: verify again after that`;
  return { id: 'slow-start', severity: failing ? 'cause' : 'note', text: withFix(topology, 'slow-start', text) };
}

function otherIds(summary: Summary, topology: Topology | undefined): Finding[] {
  const known = topology?.otherIds ?? [];
  const matched = known.filter((other) => summary.unexpected.includes(other.id));
  const findings: Finding[] = matched.map((other) => ({
    id: 'other-id',
    severity: 'cause',
    text: withFix(topology, 'other-id', other.explanation),
  }));
  const expected = summary.backends.filter((b) => b.expected);
  const noneHeard = expected.length > 0 && expected.every((b) => b.count === 0);
  if (matched.length === 0 && noneHeard && summary.unexpected.length > 0) {
    const heard = summary.unexpected.slice(0, 3).join(', ') + (summary.unexpected.length > 3 ? ', …' : '');
    findings.push({
      id: 'no-expected-id',
      severity: 'cause',
      text: withFix(
        topology,
        'no-expected-id',
        `no answer carried an expected backend id (heard: ${heard}): the backends answer with something else than their id; --hostname-regex picks the id out of the body`,
      ),
    });
  }
  return findings;
}

/**
 * What the verifier can see about why the spread is what it is, in the load balancer's terms:
 * cross-zone load balancing off with backends uneven over AZs (or nodes that each reach only some
 * backends), stickiness cookies, a routing algorithm that does not promise evenness, targets still
 * in slow start, and ids that are not the backends' own. `cause` when it explains a failure.
 */
export function findCauses(
  summary: Summary,
  topology: Topology | undefined,
  context: { spread?: SpreadReport; allAnswered: boolean; startedAt: number },
): Finding[] {
  const failing =
    !context.allAnswered ||
    (context.spread !== undefined && context.spread.outcome !== 'even' && context.spread.outcome !== 'not-judged');
  const zone = topology?.crossZone === false ? crossZoneFinding(summary, topology, failing) : undefined;
  const disjoint = topology?.crossZone === undefined ? disjointNodesFinding(summary, failing) : undefined;
  return [
    ...otherIds(summary, topology),
    zone,
    disjoint,
    slowStart(summary, topology, context.startedAt, failing),
    algorithm(topology),
    stickiness(summary, topology),
  ].filter((f): f is Finding => f !== undefined);
}
