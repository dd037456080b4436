import { connect } from 'node:net';
import type { VerifyNode } from './types.js';

/** Connect errors that mean this machine cannot reach the address at all (no route, no such family, nobody listening). */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL', 'EAFNOSUPPORT']);

/** Opens and closes one TCP connection; resolves to the error code that made it fail, or undefined. */
function probe(node: VerifyNode, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: node.address, port: node.port });
    const done = (code: string | undefined): void => {
      socket.destroy();
      resolve(code);
    };
    socket.setTimeout(timeoutMs, () => done(undefined));
    socket.once('connect', () => done(undefined));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? 'error'));
  });
}

/**
 * Splits the addresses a name resolved to into those this machine can connect to and those it
 * cannot (an AAAA record on a machine without IPv6, `localhost` as ::1 for a server on 127.0.0.1).
 * Only an address that fails outright while another one connects is set aside; a slow one is kept
 * (its requests then time out and are counted), and when none connects all are kept, so that the
 * requests fail and say why.
 */
export async function reachableNodes(
  nodes: readonly VerifyNode[],
  timeoutMs: number,
): Promise<{ reachable: VerifyNode[]; unreachable: { node: VerifyNode; code: string }[] }> {
  if (nodes.length < 2) return { reachable: [...nodes], unreachable: [] };
  const codes = await Promise.all(nodes.map((node) => probe(node, timeoutMs)));
  const failed = nodes.flatMap((node, i) => {
    const code = codes[i];
    return code !== undefined && UNREACHABLE.has(code) ? [{ node, code }] : [];
  });
  if (failed.length === nodes.length) return { reachable: [...nodes], unreachable: [] };
  return { reachable: nodes.filter((n) => !failed.some((f) => f.node === n)), unreachable: failed };
}
