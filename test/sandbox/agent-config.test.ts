import { describe, expect, it } from 'vitest';
import { instanceType, registeredMemoryMiB } from '../../source/sandbox/ec2/instance-types.js';
import { agentConfig } from '../../source/sandbox/ec2/user-data.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('what a booted instance’s ECS agent reads from its user data', () => {
  it('Given a shell script appending to /etc/ecs/ecs.config, then the cluster and host port range are the ones it writes', () => {
    const script =
      '#!/bin/bash\necho ECS_CLUSTER=demo-cluster >> /etc/ecs/ecs.config\necho "ECS_DYNAMIC_HOST_PORT_RANGE=40000-50000" >> /etc/ecs/ecs.config\n';
    expect(agentConfig(b64(script))).toEqual({ cluster: 'demo-cluster', hostPortRange: { from: 40000, to: 50000 } });
  });

  it('Given a heredoc writing the file twice, then the last value wins', () => {
    const script =
      "cat <<'EOF' > /etc/ecs/ecs.config\nECS_CLUSTER=first\nEOF\ncat <<'EOF' > /etc/ecs/ecs.config\nECS_CLUSTER=second\nEOF\n";
    expect(agentConfig(b64(script))).toEqual({ cluster: 'second' });
  });

  it('Given MIME multipart user data with a base64 cloud-init part, then the part is read', () => {
    const part = b64(
      '#cloud-config\nwrite_files:\n  - path: /etc/ecs/ecs.config\n    content: |\n      ECS_CLUSTER=from-mime\n',
    );
    const mime = [
      'Content-Type: multipart/mixed; boundary="==BOUNDARY=="',
      'MIME-Version: 1.0',
      '',
      '--==BOUNDARY==',
      'Content-Type: text/cloud-config; charset="us-ascii"',
      'Content-Transfer-Encoding: base64',
      '',
      part,
      '--==BOUNDARY==--',
    ].join('\n');
    expect(agentConfig(b64(mime)).cluster).toBe('from-mime');
  });

  it('Given no user data or none naming a cluster, then the agent joins `default`, as the ECS agent does', () => {
    expect(agentConfig(undefined)).toEqual({ cluster: 'default' });
    expect(agentConfig(b64('#!/bin/bash\nyum update -y\n'))).toEqual({ cluster: 'default' });
  });
});

describe('instance types the sandbox launches', () => {
  it('Given Graviton and x86 types, then their architecture, vCPUs and memory are those of AWS; an unknown type is unknown', () => {
    expect(instanceType('t3.small')).toEqual({ vcpu: 2, memoryMiB: 2048, architecture: 'x86_64' });
    expect(registeredMemoryMiB({ vcpu: 2, memoryMiB: 4096, architecture: 'x86_64' })).toBe(3904);
    expect(instanceType('t4g.small')).toEqual({ vcpu: 2, memoryMiB: 2048, architecture: 'arm64' });
    expect(instanceType('m5.large')).toEqual({ vcpu: 2, memoryMiB: 8192, architecture: 'x86_64' });
    expect(instanceType('c6g.xlarge')).toEqual({ vcpu: 4, memoryMiB: 8192, architecture: 'arm64' });
    expect(instanceType('m7g.medium')).toEqual({ vcpu: 1, memoryMiB: 4096, architecture: 'arm64' });
    expect(instanceType('t9.small')).toBeUndefined();
    expect(instanceType('m5.micro')).toBeUndefined();
  });

  it('Given a type, then the agent registers less memory than the instance has (the OS holds some), never more', () => {
    for (const name of ['t3.micro', 't3.small', 'm5.2xlarge', 'c5.large']) {
      const info = instanceType(name);
      if (!info) throw new Error(name);
      expect(registeredMemoryMiB(info)).toBeLessThan(info.memoryMiB);
      expect(registeredMemoryMiB(info)).toBeGreaterThan(info.memoryMiB * 0.8);
    }
  });
});
