// Runs the bench's round-robin fixture in its own process, so the clients measured in the
// bench process do not share an event loop with the servers. Prints `{"port":N,"backendPort":M}` (the
// balancer and its first backend) when ready;
// exits when its stdin closes.
import { startFarm } from './fixture.js';

const count = Number(process.argv[2] ?? '4');
const farm = await startFarm(Array.from({ length: count }, (_, i) => ({ id: `backend-${i}` })));
process.stdout.write(`${JSON.stringify({ port: farm.balancer.port, backendPort: farm.backends[0]?.port })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void farm.close().then(() => process.exit(0));
});
