import { GetParameterCommand, GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../source/sandbox/seed-ids.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox({ seed: 'empty' });
});
afterAll(async () => {
  await t.close();
});

const root = '/aws/service/ecs/optimized-ami/amazon-linux-2023';

describe('SSM public parameters through the SDK (awsJson1_1)', () => {
  it('Given the ECS-optimized AL2023 image_id parameters, then each names an AMI whose architecture EC2 reports as x86_64 / arm64', async () => {
    for (const [path, arch] of [
      [`${root}/recommended/image_id`, 'x86_64'],
      [`${root}/arm64/recommended/image_id`, 'arm64'],
    ] as const) {
      const out = await t.ssm.send(new GetParameterCommand({ Name: path }));
      expect(out.Parameter).toMatchObject({ Name: path, Type: 'String', Value: seed.ecsAmis[arch].id });
      expect(out.Parameter?.LastModifiedDate).toBeInstanceOf(Date);
      const images = await t.ec2.send(new DescribeImagesCommand({ ImageIds: [out.Parameter?.Value ?? ''] }));
      expect(images.Images?.[0]?.Architecture).toBe(arch);
    }
  });

  it('Given the parent `recommended` parameter, then its value is JSON holding the same image_id', async () => {
    const out = await t.ssm.send(new GetParameterCommand({ Name: `${root}/recommended` }));
    expect(JSON.parse(out.Parameter?.Value ?? '{}')).toMatchObject({
      image_id: seed.ecsAmis.x86_64.id,
      os: 'Amazon Linux 2023',
    });
  });

  it('Given an unknown name, then GetParameter is ParameterNotFound and GetParameters lists it in InvalidParameters', async () => {
    await expect(t.ssm.send(new GetParameterCommand({ Name: `${root}/nope/image_id` }))).rejects.toMatchObject({
      name: 'ParameterNotFound',
      $metadata: { httpStatusCode: 400 },
    });
    const out = await t.ssm.send(new GetParametersCommand({ Names: [`${root}/recommended/image_id`, '/not/there'] }));
    expect(out.Parameters?.map((p) => p.Value)).toEqual([seed.ecsAmis.x86_64.id]);
    expect(out.InvalidParameters).toEqual(['/not/there']);
  });

  it('Given a throttle fault on ssm, then a call without retries fails with ThrottlingException 400, and works again once it is cleared', async () => {
    t.sandbox.faults.add({ kind: 'throttle', service: 'ssm', count: 10 });
    const client = new SSMClient({
      endpoint: t.sandbox.endpoint,
      region: t.sandbox.region,
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIASANDBOX', secretAccessKey: 'sandbox' },
    });
    await expect(client.send(new GetParameterCommand({ Name: `${root}/recommended/image_id` }))).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
    client.destroy();
    t.sandbox.faults.clear();
    const out = await t.ssm.send(new GetParameterCommand({ Name: `${root}/recommended/image_id` }));
    expect(out.Parameter?.Value).toBe(seed.ecsAmis.x86_64.id);
  });
});
