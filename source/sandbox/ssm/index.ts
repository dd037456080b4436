import { SandboxError } from '../contracts.js';
import { publicParameters, type PublicParameter } from './public-parameters.js';

/** One SSM JSON 1.1 operation: input as sent, output as SSM answers (dates as epoch seconds). */
export type SsmHandler = (input: Record<string, unknown>) => unknown;

function render(region: string, p: PublicParameter) {
  return {
    Name: p.name,
    Type: 'String',
    Value: p.value,
    Version: p.version,
    LastModifiedDate: p.lastModified.getTime() / 1000,
    ARN: `arn:aws:ssm:${region}::parameter${p.name}`,
    DataType: 'text',
  };
}

function names(input: Record<string, unknown>): string[] {
  const value = input.Names;
  if (!Array.isArray(value) || value.length < 1 || value.length > 10)
    throw new SandboxError(
      'ValidationException',
      `1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length less than or equal to 10 and greater than or equal to 1`,
    );
  return value.map(String);
}

/**
 * The SSM operations the sandbox serves (awsJson1_1, `AmazonSSM.<Op>`): GetParameter and
 * GetParameters over AWS's public ECS-optimized AMI parameters, which is what a launch template
 * for ECS reads its AMI from. A name it does not know is `ParameterNotFound` (GetParameter) or
 * listed in `InvalidParameters` (GetParameters), as on AWS.
 */
export function ssmHandlers(region: string): Record<string, SsmHandler> {
  const parameters = publicParameters();
  return {
    GetParameter(input) {
      const name = typeof input.Name === 'string' ? input.Name : '';
      const found = parameters.get(name);
      if (!found) throw new SandboxError('ParameterNotFound', `Parameter ${name} not found.`);
      return { Parameter: render(region, found) };
    },
    GetParameters(input) {
      const wanted = [...new Set(names(input))];
      const found = wanted.flatMap((n) => {
        const p = parameters.get(n);
        return p ? [render(region, p)] : [];
      });
      return { Parameters: found, InvalidParameters: wanted.filter((n) => !parameters.has(n)) };
    },
  };
}
