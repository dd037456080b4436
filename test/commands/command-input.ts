import { PassThrough } from 'node:stream';
import type { ConnectAws } from '../../source/aws/connect.js';
import type { CommandInput } from '../../source/commands/kit/types.js';

/** A command's input with captured stdout/stderr and a `connect` that counts its calls. */
export function commandInput(
  flags: CommandInput['flags'],
  positionals: string[] = [],
  connect: ConnectAws = () => Promise.reject(new Error('resolve the AWS region: pass --region, set AWS_REGION')),
) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const seen = { out: '', err: '', connects: 0 };
  stdout.on('data', (c: Buffer) => (seen.out += c.toString()));
  stderr.on('data', (c: Buffer) => (seen.err += c.toString()));
  const input: CommandInput = {
    flags,
    positionals,
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: process.stdin,
    connect: (options) => {
      seen.connects++;
      return connect(options);
    },
  };
  return { input, seen };
}
