import { Select } from '@inkjs/ui';
import { Box } from 'ink';
import { useCallback, useMemo, useRef } from 'react';

/** What the user can choose between steps. */
export type MenuAction = 'setup' | 'verify' | 'scale' | 'deploy' | 'teardown' | 'retry' | 'skip' | 'quit';

const labels: Record<MenuAction, string> = {
  setup: 'Start setup',
  verify: 'Verify: send requests through the load balancer',
  scale: 'Scale (in or out): change the task count, watched',
  deploy: 'Deploy a new revision: new image or environment, watched',
  teardown: 'Tear down: delete what this stack created',
  retry: 'Retry the step',
  skip: 'Skip this step',
  quit: 'Quit (progress is saved)',
};

type Props = {
  actions: MenuAction[];
  /** Overrides for labels, e.g. `Resume setup (6/11 done)`. */
  labelOf?: Partial<Record<MenuAction, string>>;
  onSelect: (action: MenuAction) => void;
};

/** A short list of next moves, the first one focused so Enter takes it. */
export function ActionMenu({ actions, labelOf, onSelect }: Props) {
  const options = useMemo(
    () => actions.map((a) => ({ value: a, label: labelOf?.[a] ?? labels[a] })),
    [actions, labelOf],
  );
  // Select calls back again whenever its callback or options change identity: take the first call.
  const chosen = useRef(false);
  const change = useCallback(
    (value: string) => {
      if (chosen.current) return;
      chosen.current = true;
      onSelect(value as MenuAction);
    },
    [onSelect],
  );
  return (
    <Box marginTop={1}>
      <Select options={options} onChange={change} />
    </Box>
  );
}
