import type { RecordedResource } from '../../model/resources.js';

/** The service-linked role Auto Scaling creates in the account with its first group: AWS's, not the stack's. */
export const AUTO_SCALING_LINKED_ROLE = 'AWSServiceRoleForAutoScaling';

/**
 * The "Kept on purpose" lines after a complete teardown: what teardown kept (the ECS
 * service-linked role), plus, when the stack had an Auto Scaling group, the service-linked role
 * Auto Scaling made for it: account-wide, never the stack's to delete, but still there.
 */
export function keptOnPurpose(kept: readonly RecordedResource[], planned: readonly RecordedResource[]): string[] {
  const lines = kept.map((r) => `  • ${r.kind} ${r.label}`);
  if (planned.some((r) => r.kind === 'auto-scaling-group'))
    lines.push(`  • service-linked-role ${AUTO_SCALING_LINKED_ROLE} (made by Auto Scaling)`);
  return lines.length === 0 ? [] : ['Kept on purpose:', ...lines];
}
