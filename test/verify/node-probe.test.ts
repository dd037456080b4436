import { afterEach, describe, expect, it } from 'vitest';
import { startBackend, type Running } from '../../verify/bench/fixture.js';
import { reachableNodes } from '../../verify/node-probe.js';
import { nodeLine } from '../../verify/view-model.js';

const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

describe('addresses this machine cannot connect to', () => {
  it('Given a name with one address that answers and one that refuses (as ::1 for a server on 127.0.0.1), then the refusing one is set aside, named with its error', async () => {
    const up = await startBackend({ id: 'a' });
    running.push(up);
    const closed = await startBackend({ id: 'gone' });
    await closed.close();
    const nodes = [
      { address: '127.0.0.1', port: up.port },
      { address: '127.0.0.1', port: closed.port },
    ];
    const { reachable, unreachable } = await reachableNodes(nodes, 1000);
    expect(reachable).toEqual([nodes[0]]);
    expect(unreachable).toEqual([{ node: nodes[1], code: 'ECONNREFUSED' }]);
    const line = nodeLine({ ...nodes[1]!, sent: 0, ok: 0, failed: 0, backends: [], unreachable: 'ECONNREFUSED' });
    expect(line).toBe(`127.0.0.1:${closed.port}  not reachable from this machine (ECONNREFUSED): not sent to`);
  });

  it('Given every address refusing, then all are kept, so that the requests fail and are counted', async () => {
    const closed = await startBackend({ id: 'gone' });
    await closed.close();
    const nodes = [
      { address: '127.0.0.1', port: closed.port },
      { address: '127.0.0.2', port: closed.port },
    ];
    expect(await reachableNodes(nodes, 1000)).toEqual({ reachable: nodes, unreachable: [] });
  });
});
