/** What the sandbox knows of an instance type: vCPUs, memory, CPU architecture. */
export type InstanceTypeInfo = { vcpu: number; memoryMiB: number; architecture: 'x86_64' | 'arm64' };

const sizes: Record<string, [vcpu: number, gib: number]> = {
  micro: [2, 1],
  small: [2, 2],
  medium: [2, 4],
  large: [2, 8],
  xlarge: [4, 16],
  '2xlarge': [8, 32],
};

/** Memory per vCPU relative to the general-purpose families (c: half of it). */
const families: Record<string, { arch: 'x86_64' | 'arm64'; memory: number; sizes: string[] }> = {
  t3: { arch: 'x86_64', memory: 1, sizes: ['micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'] },
  t4g: { arch: 'arm64', memory: 1, sizes: ['micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'] },
  m5: { arch: 'x86_64', memory: 1, sizes: ['large', 'xlarge', '2xlarge'] },
  m6g: { arch: 'arm64', memory: 1, sizes: ['medium', 'large', 'xlarge', '2xlarge'] },
  m7g: { arch: 'arm64', memory: 1, sizes: ['medium', 'large', 'xlarge', '2xlarge'] },
  c5: { arch: 'x86_64', memory: 0.5, sizes: ['large', 'xlarge', '2xlarge'] },
  c6g: { arch: 'arm64', memory: 0.5, sizes: ['medium', 'large', 'xlarge', '2xlarge'] },
};

/** The type's vCPUs, memory and architecture; undefined for a type the sandbox does not know. */
export function instanceType(name: string): InstanceTypeInfo | undefined {
  const [family = '', size = ''] = name.split('.');
  const known = families[family];
  const dims = sizes[size];
  if (!known || !dims || !known.sizes.includes(size)) return undefined;
  // m6g/m7g/c6g.medium have one vCPU (the t sizes burst on two).
  const vcpu = size === 'medium' && !family.startsWith('t') ? 1 : dims[0];
  const gib = family.startsWith('t') ? dims[1] : vcpu * 4 * known.memory;
  return { vcpu, memoryMiB: gib * 1024, architecture: known.arch };
}

/**
 * The memory (MiB) the ECS agent registers for the type: what the kernel reports as total, about
 * 4.7 % less than the instance's nominal memory (e.g. 4 GiB → 3904 MiB, as the seeded instances
 * register; t3.small 2 GiB → 1952).
 */
export function registeredMemoryMiB(info: InstanceTypeInfo): number {
  return Math.floor(info.memoryMiB * 0.95313);
}
