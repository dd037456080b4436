import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineDeps } from '../../source/engine/deps.js';
import type { RunnerEvent } from '../../source/model/events.js';
import { headlessAsk } from '../../source/commands/kit/headless-ask.js';
import { StackStore } from '../../source/state/store.js';
import { mockedClients } from '../steps/aws-mocks.js';

/** Engine deps on a temp state dir, a fake clock and headless `ask`; events are collected. */
export function engineDeps(stack = 'demo', stateDir = mkdtempSync(join(tmpdir(), 'engine-'))) {
  const events: RunnerEvent[] = [];
  let clock = 1_700_000_000_000;
  const deps: EngineDeps = {
    clients: mockedClients(),
    store: new StackStore(stateDir, stack),
    now: () => clock,
    sleep: (ms) => {
      clock += ms;
      return Promise.resolve();
    },
    signal: new AbortController().signal,
    waits: { timeoutMs: 60_000, minDelayMs: 1000, maxDelayMs: 5000 },
    emit: (event) => events.push(event),
    ask: headlessAsk,
  };
  return { deps, events, stateDir };
}
