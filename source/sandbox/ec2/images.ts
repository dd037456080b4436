import type { DescribeImagesRequest, DescribeImagesResult } from '@aws-sdk/client-ec2';
import { SandboxError } from '../contracts.js';
import type { Runtime } from '../runtime.js';
import { seed } from '../seed-ids.js';
import { applyFilters } from './filters.js';

/** An AMI the sandbox knows: the ECS-optimized ones its SSM parameters name. */
export type Image = { id: string; name: string; architecture: 'x86_64' | 'arm64' };

/** Every AMI of the sandbox. */
export function images(): Image[] {
  return (['x86_64', 'arm64'] as const).map((architecture) => ({ ...seed.ecsAmis[architecture], architecture }));
}

/** The AMI with this id, or undefined. */
export function findImage(id: string | undefined): Image | undefined {
  return images().find((i) => i.id === id);
}

/** EC2 DescribeImages: the ECS-optimized AMIs (owned by amazon), so a caller can check an AMI's architecture. */
export function describeImages(rt: Runtime, input: DescribeImagesRequest): DescribeImagesResult {
  const all = images();
  const missing = (input.ImageIds ?? []).filter((id) => !all.some((i) => i.id === id));
  if (missing.length > 0)
    throw new SandboxError('InvalidAMIID.NotFound', `The image id '[${missing.join(', ')}]' does not exist`);
  let found = all.filter((i) => !input.ImageIds?.length || input.ImageIds.includes(i.id));
  found = applyFilters(found, input.Filters, {
    'image-id': (i) => [i.id],
    name: (i) => [i.name],
    architecture: (i) => [i.architecture],
    'owner-alias': () => ['amazon'],
    state: () => ['available'],
  });
  return {
    Images: found.map((i) => ({
      ImageId: i.id,
      Name: i.name,
      Architecture: i.architecture,
      State: 'available',
      OwnerId: '591542846629',
      ImageOwnerAlias: 'amazon',
      Public: true,
      PlatformDetails: 'Linux/UNIX',
      RootDeviceType: 'ebs',
      RootDeviceName: '/dev/xvda',
      VirtualizationType: 'hvm',
      Hypervisor: 'xen',
      EnaSupport: true,
      BootMode: 'uefi-preferred',
      CreationDate: '2026-11-20T18:00:00.000Z',
      Description: `Amazon Linux AMI 2023.0.20261120 ${i.architecture} ECS HVM EBS`,
    })),
  };
}
