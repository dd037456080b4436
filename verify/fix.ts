import type { FindingId, Topology } from './types.js';

/** The aws CLI command that sets one target group attribute (`Key=...,Value=...`). */
export const modifyAttribute = (topology: Topology, keyValue: string): string =>
  `aws elbv2 modify-target-group-attributes --target-group-arn ${topology.targetGroup ?? '<target group ARN>'} --attributes ${keyValue}`;

/** Appends the caller's platform fix for a finding, when it gave one. */
export function withFix(topology: Topology | undefined, id: FindingId, text: string): string {
  const fix = topology?.fixes?.[id];
  return fix ? `${text}; ${fix}` : text;
}
