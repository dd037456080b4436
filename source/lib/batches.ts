/** `items` in consecutive slices of at most `size` (AWS describe calls take 100 ids, ELBv2 20, ...). */
export function batches<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/** Runs `call`; a failure is rethrown wrapped with the action it was doing (`new Error(action, { cause })`). */
export async function doing<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (cause) {
    throw new Error(action, { cause });
  }
}
