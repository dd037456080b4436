import type { Agent, IncomingMessage, ServerResponse } from 'node:http';
import { lbCanReach } from '../ec2/reachability.js';
import type { Runtime } from '../runtime.js';
import type { LoadBalancer } from '../world.js';
import { sendAlbError } from './alb-responses.js';
import { nodeCandidates, type GroupRoute } from './group-route.js';
import type { TargetPicker } from './picker.js';
import { proxyRequest } from './proxy.js';
import { stickyCookies, stickyTarget } from './stickiness.js';

/** AWS's ALB idle timeout and target connect timeout (AWS ms). */
const IDLE_TIMEOUT_MS = 60_000;
const CONNECT_TIMEOUT_MS = 10_000;
const MIN_IDLE_TIMEOUT_MS = 2_000;

export type NodeForward = {
  group: GroupRoute;
  /** The node's AZ: with cross-zone off it sends only to targets there. */
  zone: string;
  picker: TargetPicker;
  lb: LoadBalancer;
  listenerPort: number;
  agent: Agent;
};

/**
 * Sends one request from a load balancer node to a target of the group: the target its `AWSALB`
 * cookie pins it to while that one is routable (stickiness on), else the picker's choice among the
 * node's candidates; 503 when there are none. A target whose security groups do not admit the load
 * balancer never answers (504 after the connect timeout), as on AWS. With stickiness the answer
 * carries a fresh cookie for the target that served it.
 */
export function forwardFromNode(rt: Runtime, req: IncomingMessage, res: ServerResponse, options: NodeForward): void {
  const { group, picker } = options;
  const candidates = nodeCandidates(group, options.zone);
  const now = Date.now();
  const sticky = group.settings.stickiness;
  const pinned = sticky ? stickyTarget(req.headers.cookie, group.arn, now) : undefined;
  const target =
    (pinned === undefined ? undefined : candidates.find((c) => c.key === pinned)) ??
    picker.pick(group.arn, candidates, group.settings, now);
  if (!target) return sendAlbError(res, 503);
  res.once('close', picker.started(target.key));
  if (!lbCanReach(rt, options.lb, target.target.id, target.target.port)) {
    const timer = setTimeout(() => sendAlbError(res, 504), rt.clock.real(CONNECT_TIMEOUT_MS));
    res.on('close', () => clearTimeout(timer));
    return;
  }
  proxyRequest(req, res, {
    agent: options.agent,
    port: target.target.port,
    listenerPort: options.listenerPort,
    idleTimeoutMs: Math.max(rt.clock.real(IDLE_TIMEOUT_MS), MIN_IDLE_TIMEOUT_MS),
    ...(sticky ? { setCookies: stickyCookies(group.arn, target.key, now, sticky.durationMs) } : {}),
  });
}
