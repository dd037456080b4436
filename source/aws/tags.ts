/** The tag key every created resource carries; its value is the stack name. */
export const STACK_TAG_KEY = 'ecs-alb-wizard:stack';

/** Tags in the shape EC2, ELBv2 and IAM take (`Key`/`Value`). */
export function stackTags(stack: string): { Key: string; Value: string }[] {
  return [{ Key: STACK_TAG_KEY, Value: stack }];
}

/** Tags in the shape ECS takes (`key`/`value`). */
export function ecsStackTags(stack: string): { key: string; value: string }[] {
  return [{ key: STACK_TAG_KEY, value: stack }];
}

type AnyTag = { Key?: string; Value?: string; key?: string; value?: string };

/** True when a tag list (either shape) marks the resource as this stack's. */
export function hasStackTag(tags: readonly AnyTag[] | undefined, stack: string): boolean {
  return (tags ?? []).some((t) => (t.Key ?? t.key) === STACK_TAG_KEY && (t.Value ?? t.value) === stack);
}
