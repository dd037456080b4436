import { Box, Text } from 'ink';

/**
 * A paragraph that wraps at word boundaries with no stray space at a line's start. Ink's own
 * `wrap="wrap"` keeps the space after a word that ends exactly at the edge, so the next line would
 * begin with it (" a launch template"); here each word is its own item in a wrapping row.
 */
export function Prose({ text, dimColor }: { text: string; dimColor?: boolean }) {
  const words = text.split(/\s+/).filter(Boolean);
  return (
    <Box flexWrap="wrap" columnGap={1}>
      {words.map((word, i) => (
        <Box key={i} flexShrink={0}>
          <Text dimColor={dimColor}>{word}</Text>
        </Box>
      ))}
    </Box>
  );
}
