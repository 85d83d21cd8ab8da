import type { TopologyBody } from '@gridcell/contracts';

/** What the database already holds that a partial import may refer to. */
export interface ExistingTerritory {
  feeders: Set<string>;
  cells: Set<string>;
  transformers: Set<string>;
  gateways: Set<string>;
  customers: Set<string>;
  /** cellId → staffId of its primary, for staff not in this import. */
  primaries: Map<string, string>;
  /** username → owner ("staff:S1", "customer:K1", "administrator"), for accounts not in this import. */
  usernames: Map<string, string>;
}

/** The ids an import refers to that it does not define itself: only those need looking up. */
export function referencedIds(t: TopologyBody) {
  const outside = (defined: { id: string }[] | undefined, ids: string[]) => {
    const own = new Set((defined ?? []).map((x) => x.id));
    return [...new Set(ids.filter((id) => !own.has(id)))];
  };
  const refs = {
    feeders: (t.transformers ?? []).map((x) => x.feederId),
    cells: [
      ...(t.transformers ?? []).flatMap((x) => (x.cellId ? [x.cellId] : [])),
      ...(t.staff ?? []).flatMap((s) => (s.cells ?? []).map((c) => c.cellId)),
    ],
    transformers: [...(t.gateways ?? []), ...(t.meters ?? [])].flatMap((x) =>
      x.transformerId ? [x.transformerId] : [],
    ),
    gateways: (t.meters ?? []).flatMap((m) => (m.gatewayId ? [m.gatewayId] : [])),
    customers: (t.meters ?? []).flatMap((m) => (m.customerId ? [m.customerId] : [])),
  };
  return {
    feeders: outside(t.feeders, refs.feeders),
    cells: outside(t.cells, refs.cells),
    transformers: outside(t.transformers, refs.transformers),
    gateways: outside(t.gateways, refs.gateways),
    customers: outside(t.customers, refs.customers),
  };
}

/**
 * Checks an import as a whole — duplicate ids, references to what exists neither in the import nor
 * in the database, cells with two primaries, clashing usernames — and returns every problem with
 * its path. An empty list means the import can be applied.
 */
export function validateTopology(t: TopologyBody, existing: ExistingTerritory): string[] {
  const errors: string[] = [];
  const ids = {
    feeders: indexIds('feeders', t.feeders, errors),
    cells: indexIds('cells', t.cells, errors),
    transformers: indexIds('transformers', t.transformers, errors),
    gateways: indexIds('gateways', t.gateways, errors),
    customers: indexIds('customers', t.customers, errors),
  };
  indexIds('meters', t.meters, errors);
  indexIds('staff', t.staff, errors);
  const exists = (kind: keyof typeof ids, id: string) => ids[kind].has(id) || existing[kind].has(id);
  const ref = (path: string, kind: keyof typeof ids, noun: string, id: string | undefined) => {
    if (id !== undefined && !exists(kind, id)) errors.push(`${path}: unknown ${noun} "${id}"`);
  };

  t.transformers?.forEach((x, i) => {
    ref(`transformers[${i}].feederId`, 'feeders', 'feeder', x.feederId);
    ref(`transformers[${i}].cellId`, 'cells', 'cell', x.cellId);
  });
  t.gateways?.forEach((x, i) =>
    ref(`gateways[${i}].transformerId`, 'transformers', 'transformer', x.transformerId),
  );
  t.meters?.forEach((x, i) => {
    ref(`meters[${i}].transformerId`, 'transformers', 'transformer', x.transformerId);
    ref(`meters[${i}].gatewayId`, 'gateways', 'gateway', x.gatewayId);
    ref(`meters[${i}].customerId`, 'customers', 'customer', x.customerId);
  });

  // Posts of staff listed with `cells` are replaced; a username given replaces the member's own.
  const primaries = new Map(existing.primaries);
  const reposted = new Set((t.staff ?? []).filter((s) => s.cells !== undefined).map((s) => s.id));
  for (const [cell, staffId] of primaries) if (reposted.has(staffId)) primaries.delete(cell);
  const renamed = new Set((t.staff ?? []).filter((s) => s.username !== undefined).map((s) => s.id));
  const usernames = new Map(existing.usernames);
  for (const [name, owner] of usernames)
    if (owner.startsWith('staff:') && renamed.has(owner.slice(6))) usernames.delete(name);
  t.customers?.forEach((c, i) => {
    if (c.password === undefined) return;
    const owner = usernames.get(c.id);
    if (owner && owner !== `customer:${c.id}`)
      errors.push(`customers[${i}].id: "${c.id}" is already the username of ${owner}`);
    usernames.set(c.id, `customer:${c.id}`);
  });
  t.staff?.forEach((s, i) => {
    if ((s.username === undefined) !== (s.password === undefined))
      errors.push(`staff[${i}]: username and password go together`);
    if (s.username !== undefined) {
      const owner = usernames.get(s.username);
      if (owner && owner !== `staff:${s.id}`)
        errors.push(`staff[${i}].username: "${s.username}" is already the username of ${owner}`);
      usernames.set(s.username, `staff:${s.id}`);
    }
    const seen = new Set<string>();
    s.cells?.forEach((c, j) => {
      const path = `staff[${i}].cells[${j}]`;
      if (seen.has(c.cellId)) errors.push(`${path}.cellId: cell "${c.cellId}" is listed twice`);
      seen.add(c.cellId);
      ref(`${path}.cellId`, 'cells', 'cell', c.cellId);
      if (c.role !== 'primary') return;
      const holder = primaries.get(c.cellId);
      if (holder && holder !== s.id)
        errors.push(`${path}: cell "${c.cellId}" would have two primaries, "${holder}" and "${s.id}"`);
      primaries.set(c.cellId, s.id);
    });
  });
  return errors;
}

function indexIds(collection: string, items: { id: string }[] | undefined, errors: string[]): Set<string> {
  const first = new Map<string, number>();
  items?.forEach((item, i) => {
    const j = first.get(item.id);
    if (j === undefined) first.set(item.id, i);
    else
      errors.push(
        `${collection}[${i}].id: "${item.id}" appears more than once (first at ${collection}[${j}])`,
      );
  });
  return new Set(first.keys());
}
