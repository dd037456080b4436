import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { act } from 'react';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export const ENTER = '\r';
export const ESC = '\u001B';
export const SPACE = ' ';
export const ARROW_DOWN = '\u001B[B';
export const ARROW_UP = '\u001B[A';
export const BACKSPACE = '\u007F';
export const CTRL_C = '\u0003';

// eslint-disable-next-line no-control-regex -- ANSI escapes start with ESC
const ansi = /\u001B\[[0-9;?]*[A-Za-z]/g;

/** A rendered tree with helpers that send one key at a time and wait for the screen to show text. */
export type Screen = {
  /** Everything written so far (Static output and the live frame), ANSI stripped. */
  all(): string;
  /** The last frame, ANSI stripped. */
  frame(): string;
  press(key: string): Promise<void>;
  type(text: string): Promise<void>;
  /** Waits until the screen (all output) contains `text`, or fails naming what it saw. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  unmount(): Promise<void>;
};

export async function renderScreen(tree: ReactElement): Promise<Screen> {
  let instance!: ReturnType<typeof render>;
  await act(async () => {
    instance = render(tree);
    await Promise.resolve();
  });
  const all = () => instance.frames.join('\n').replace(ansi, '');
  const frame = () => (instance.lastFrame() ?? '').replace(ansi, '');
  const screen: Screen = {
    all,
    frame,
    async press(key) {
      // Flush effects of renders the engine caused outside act, so the focused input is listening.
      await act(() => Promise.resolve());
      await act(async () => {
        instance.stdin.write(key);
        await Promise.resolve();
      });
    },
    async type(text) {
      for (const char of text) await screen.press(char);
    },
    async waitFor(text, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      const seen = () => (typeof text === 'string' ? frame().includes(text) : text.test(frame()));
      while (!seen()) {
        if (Date.now() > deadline) throw new Error(`screen never showed ${String(text)}; last frame:\n${frame()}`);
        await act(async () => {
          await new Promise((resolve) => setTimeout(resolve, 10));
        });
      }
    },
    async unmount() {
      await act(async () => {
        instance.unmount();
        await Promise.resolve();
      });
    },
  };
  return screen;
}
