/**
 * Narrow look-ups of what a stack may own, by the names derived from `--stack` and by the stack
 * tag, for teardown: what a crash hid between a create call and its record is found here. Each
 * finder reports every resource it saw with the stack tag it carries; the engine decides.
 */
import type { AwsClients } from './clients.js';
import { STACK_TAG_KEY } from './tags.js';
import type { RecordedResource } from '../model/resources.js';
import type { StepId } from '../model/steps.js';

/** The kinds a finder can report: everything setup creates but the account-wide role it keeps. */
export type FoundKind = Exclude<RecordedResource['kind'], 'service-linked-role'>;

/** A resource seen by name or by tag, with whose tag it carries. */
export type FoundResource = {
  kind: FoundKind;
  /** ARN or id, as setup records it (an ingress rule's id is its content, as in the step). */
  id: string;
  label: string;
  details?: Record<string, string>;
  /** The value of its `ecs-alb-wizard:stack` tag; undefined when it has none. */
  taggedFor: string | undefined;
  /** Why a resource tagged for the stack is still not one teardown deletes on its own. */
  unknownKind?: string;
  /** The step that deletes it, when its kind alone does not say (the instances' security group). */
  step?: StepId;
};

/** What the finders need: the clients, the stack and the run's stop signal. */
export type FindDeps = { clients: AwsClients; stack: string; signal: AbortSignal };

/** Pages any one listing may read: the look-ups stay bounded in a large account. */
export const MAX_PAGES = 20;

type AnyTag = { Key?: string; Value?: string; key?: string; value?: string };

/** The value of the stack tag in a tag list (either shape), or undefined. */
export function stackTagValue(tags: readonly AnyTag[] | undefined): string | undefined {
  const tag = (tags ?? []).find((t) => (t.Key ?? t.key) === STACK_TAG_KEY);
  return tag ? (tag.Value ?? tag.value ?? '') : undefined;
}

/**
 * Reads every page of a listing, at most `MAX_PAGES`; `next` of the last page read tells the caller
 * whether it had to stop.
 */
export async function allPages<T>(
  page: (token: string | undefined) => Promise<{ items: T[]; next: string | undefined }>,
): Promise<{ items: T[]; truncated: boolean }> {
  const items: T[] = [];
  let token: string | undefined;
  for (let n = 0; n < MAX_PAGES; n++) {
    const out = await page(token);
    items.push(...out.items);
    token = out.next;
    if (!token) return { items, truncated: false };
  }
  return { items, truncated: true };
}
