import type { EcsState } from './model.js';

const lists = ['clusters', 'containerInstances', 'taskDefinitions', 'services', 'tasks'] as const;

/**
 * The ECS slice of a saved world, checked enough to fail clearly on a file from another version
 * instead of half-working. The copy is deep, so the saved value is never shared.
 */
export function restoreState(saved: unknown): EcsState {
  const value = saved as Partial<EcsState> | null;
  if (
    typeof value !== 'object' ||
    value === null ||
    value.version !== 1 ||
    lists.some((key) => !Array.isArray(value[key]))
  ) {
    throw new Error('restore ECS state: the saved state is not a version 1 ECS world');
  }
  return structuredClone({
    ...value,
    capacityProviders: value.capacityProviders ?? [],
    tags: value.tags ?? {},
    clientTokens: value.clientTokens ?? {},
  } as EcsState);
}
