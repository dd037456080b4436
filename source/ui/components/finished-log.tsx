import { Box, Static, Text } from 'ink';
import { formatElapsed } from '../format/shorten.js';
import type { LogItem } from '../state/types.js';
import { VerificationPanel } from './verification-panel.js';
import { WatchVerdict } from './watch-verdict.js';

const CLI_PREFIX = '    $ ';

const stepMarks = { done: ['✔', 'green'], skipped: ['↷', 'gray'], failed: ['✖', 'red'] } as const;
const teardownMarks = {
  deleted: ['✔ deleted', 'green'],
  revoked: ['✔ revoked', 'green'],
  'already-gone': ['✔ already gone', 'green'],
  failed: ['✖ not deleted', 'red'],
} as const;

function LogRow({ item }: { item: LogItem }) {
  switch (item.kind) {
    case 'step': {
      const [mark, color] = stepMarks[item.status];
      return (
        <Box flexDirection="column">
          <Text color={color}>
            {mark} <Text bold>{item.title}</Text>
          </Text>
          {item.lines.map((line, i) => (
            <Text key={i} dimColor wrap="truncate-end">
              {'    '}
              {line}
            </Text>
          ))}
          {item.cli.map((line, i) => (
            // Printed whole and left to the terminal to wrap, so a copied command stays one line.
            <Box key={`cli-${i}`} width={CLI_PREFIX.length + line.length} flexShrink={0}>
              <Text color="cyan">
                {CLI_PREFIX}
                {line}
              </Text>
            </Box>
          ))}
        </Box>
      );
    }
    case 'teardown': {
      const [mark, color] = teardownMarks[item.outcome];
      return (
        <Text color={color}>
          {mark} <Text bold>{item.label}</Text>
          {item.detail ? <Text dimColor> {item.detail}</Text> : null}
        </Text>
      );
    }
    case 'wait':
      return (
        <Text dimColor>
          {item.ok ? '  waited' : '  gave up waiting'}: {item.what} ({formatElapsed(item.elapsedMs)})
        </Text>
      );
    case 'verification':
      return <VerificationPanel report={item.report} />;
    case 'watch':
      return <WatchVerdict change={item.change} report={item.report} />;
    case 'note':
      return <Text>{item.text}</Text>;
  }
}

/**
 * Finished work, printed once above the live area and never redrawn (Ink `<Static>`). Static is
 * laid out outside the screen's box; without the full width its text would wrap (or truncate) at
 * the width of its own content and run past the terminal's edge.
 */
export function FinishedLog({ items }: { items: LogItem[] }) {
  return (
    <Static items={items} style={{ width: '100%' }}>
      {(item) => <LogRow key={item.key} item={item} />}
    </Static>
  );
}
