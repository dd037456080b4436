import { Box, Text } from 'ink';

/** The `aws` CLI commands equivalent to the last finished step (toggled with `c`). */
export function CliPanel({ cli }: { cli?: { title: string; commands: string[] } }) {
  return (
    <Box flexDirection="column" borderStyle="single" borderColor="cyan" paddingX={1}>
      {cli ? (
        <>
          <Text dimColor>aws CLI equivalent of “{cli.title}”:</Text>
          {cli.commands.slice(0, 6).map((line, i) => (
            <Text key={i} color="cyan" wrap="wrap">
              $ {line}
            </Text>
          ))}
          {cli.commands.length > 6 && (
            <Text dimColor>… {cli.commands.length - 6} more (see `ecs-alb-wizard plan`)</Text>
          )}
        </>
      ) : (
        <Text dimColor>aws CLI commands appear here as each step finishes.</Text>
      )}
    </Box>
  );
}
