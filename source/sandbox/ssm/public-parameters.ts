import { seed } from '../seed-ids.js';

/** The ECS-optimized Amazon Linux 2023 AMI parameter roots, by architecture. */
const roots = {
  x86_64: '/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended',
  arm64: '/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended',
} as const;

/** A public parameter: its value and when it last changed. */
export type PublicParameter = { name: string; value: string; version: number; lastModified: Date };

const released = new Date('2026-11-20T18:32:11.000Z');

/**
 * The public parameters the sandbox's SSM answers, as AWS publishes them: for each architecture
 * `.../recommended` holds JSON about the AMI and each of its keys is also a parameter of its own
 * (`.../recommended/image_id` is the one launch templates use).
 */
export function publicParameters(): Map<string, PublicParameter> {
  const out = new Map<string, PublicParameter>();
  for (const arch of ['x86_64', 'arm64'] as const) {
    const ami = seed.ecsAmis[arch];
    const fields: Record<string, string | number> = {
      ecs_agent_version: '1.99.0',
      ecs_runtime_version: 'Docker version 25.0.8',
      image_id: ami.id,
      image_name: ami.name,
      image_version: '2023.0.20261120',
      os: 'Amazon Linux 2023',
      schema_version: 1,
      source_image_name: `al2023-ami-minimal-2023.9.20261118.0-kernel-6.1-${arch}`,
    };
    const root = roots[arch];
    out.set(root, { name: root, value: JSON.stringify(fields), version: 87, lastModified: released });
    for (const [key, value] of Object.entries(fields)) {
      const name = `${root}/${key}`;
      out.set(name, { name, value: String(value), version: 87, lastModified: released });
    }
  }
  return out;
}
