import { Text } from 'ink';

/** The keys that work right now, on one dimmed line. */
export function KeyHints({ hints }: { hints: string[] }) {
  return <Text dimColor>{hints.join(' · ')}</Text>;
}
