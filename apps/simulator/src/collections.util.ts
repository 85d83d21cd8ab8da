export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Distinct ids, sorted: ground truth compares as sets, and sorted lists diff well. */
export function uniqueSorted(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort();
}
