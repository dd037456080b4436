/** What an instance's ECS agent reads from `/etc/ecs/ecs.config` as its user data wrote it. */
export type AgentConfig = { cluster: string; hostPortRange?: { from: number; to: number } };

function decode(base64: string): string {
  return Buffer.from(base64.replace(/\s/g, ''), 'base64').toString('utf8');
}

/** The text of the user data and of every base64 part of a MIME multipart one (cloud-init). */
function texts(plain: string): string[] {
  const out = [plain];
  const boundary = /boundary="?([^"\s;]+)"?/i.exec(plain)?.[1];
  if (!boundary) return out;
  for (const part of plain.split(`--${boundary}`)) {
    const split = part.search(/\r?\n\r?\n/);
    if (split < 0) continue;
    const headers = part.slice(0, split);
    if (/content-transfer-encoding:\s*base64/i.test(headers)) out.push(decode(part.slice(split)));
  }
  return out;
}

/**
 * The agent's configuration from base64 user data: the last `ECS_CLUSTER=` and
 * `ECS_DYNAMIC_HOST_PORT_RANGE=` it writes (a shell script's `echo ... >> /etc/ecs/ecs.config`, a
 * heredoc, or a cloud-init / MIME multipart part). No `ECS_CLUSTER` means `default`, as the agent does.
 */
export function agentConfig(userDataBase64: string | undefined): AgentConfig {
  const all = texts(userDataBase64 ? decode(userDataBase64) : '').join('\n');
  const clusters = [...all.matchAll(/ECS_CLUSTER=([A-Za-z0-9_-]+)/g)];
  const ranges = [...all.matchAll(/ECS_DYNAMIC_HOST_PORT_RANGE=(\d+)-(\d+)/g)];
  const cluster = clusters.at(-1)?.[1] ?? 'default';
  const range = ranges.at(-1);
  return range ? { cluster, hostPortRange: { from: Number(range[1]), to: Number(range[2]) } } : { cluster };
}
