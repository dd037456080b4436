import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/**
 * The bench's round-robin over `count` backends in a child process (`serve.ts`), so the servers'
 * CPU is not counted against the client measured; resolves to its URL and a stop function.
 */
export async function startRemoteFarm(count = 4): Promise<{ url: string; stop: () => Promise<void> }> {
  const script = fileURLToPath(new URL('./serve.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, String(count)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  const { port } = JSON.parse(line.toString()) as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hostname`,
    stop: async () => {
      child.stdin.end();
      await once(child, 'exit');
    },
  };
}
