import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectAws } from '../../source/aws/connect.js';
import type { CommandInput } from '../../source/commands/kit/types.js';
import { enginePort } from '../../source/commands/wizard-port.js';
import { wizardPortOptions } from '../../source/commands/wizard.js';
import { App } from '../../source/ui/app.js';
import { BACKSPACE, CTRL_C, ENTER, renderScreen, type Screen } from './helpers/ink.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

/** The wizard as `setup` opens it in a terminal, on an in-process sandbox, with these flags. */
async function wizardWith(flags: Record<string, string>): Promise<Screen> {
  const stateDir = mkdtempSync(join(tmpdir(), 'wizard-flags-'));
  const input = {
    flags: { sandbox: true, 'state-dir': stateDir, ...flags },
    positionals: [],
    connect: connectAws,
  } as unknown as CommandInput;
  const port = enginePort(wizardPortOptions(input));
  const screen = await renderScreen(<App port={port} onExit={vi.fn()} />);
  cleanup = async () => {
    await screen.unmount();
    await port.close();
    rmSync(stateDir, { recursive: true, force: true });
  };
  return screen;
}

describe('the wizard given an answer flag with a bad value', () => {
  it(
    'opens that question with the error and the value, takes a valid one, and still counts the other flags',
    { timeout: 30_000 },
    async () => {
      // Given --listener-port 99999 (bad) and --allow-cidr 10.0.0.0/8 (good)
      const s = await wizardWith({ 'listener-port': '99999', 'allow-cidr': '10.0.0.0/8' });
      await s.waitFor('Start setup', 15_000);
      await s.press(ENTER);
      // When the wizard reaches the security groups step, past the cluster and the subnets
      await s.waitFor('Which ECS cluster', 15_000);
      await s.press(ENTER);
      await s.waitFor('Which subnets', 15_000);
      await s.press(ENTER);
      // Then the listener port question opens with the flag's problem shown, holding its value
      await s.waitFor('Which port should the load balancer listen on', 15_000);
      expect(s.frame()).toContain('✖ --listener-port must be a port 1-65535, got 99999');
      expect(s.frame()).toMatch(/^\s*99999/m);
      // When the user replaces it with 8080 and submits
      for (let i = 0; i < 5; i++) await s.press(BACKSPACE);
      await s.type('8080');
      await s.press(ENTER);
      // Then the wizard goes on: the CIDR came from its flag, so the host port range is asked next
      await s.waitFor('Which host port range', 15_000);
      expect(s.frame()).not.toContain('Which client addresses');
      expect(s.frame()).not.toContain('✖');
      expect(s.frame()).toContain('✔ Which port should the load balancer listen on (HTTP)? 8080');
      // When the step runs, Then its log shows the typed port and the CIDR from its flag
      await s.press(ENTER);
      await s.waitFor('Which path should the health check request', 15_000);
      expect(s.all()).toContain('--listener-port 8080');
      expect(s.all()).toContain('--allow-cidr 10.0.0.0/8 (from flag)');
      await s.press(CTRL_C);
    },
  );
});
