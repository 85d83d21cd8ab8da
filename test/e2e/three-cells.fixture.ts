import type { IngestContext } from './ingest-context';

export type Side = 'A' | 'B' | 'Z';

/**
 * Three cells for access tests: A (the signed-in staff member's and customer's own), B (A's
 * neighbour: both hang on feeder F1) and Z (far away: feeder F2, no shared feeder, no coordinates).
 * Each has a transformer, a meter, its customer with a portal password, and a primary with a login.
 */
export async function importThreeCells(ctx: IngestContext): Promise<{
  id: (x: string) => string;
  tokens: Record<'customer' | 'staff' | 'dispatcher' | 'administrator', string>;
}> {
  const id = (x: string) => `${ctx.ns}-${x}`;
  const side = (s: Side) => ({
    cell: { id: id(`C${s}`), name: `Village ${s}` },
    transformer: { id: id(`T${s}`), feederId: id(s === 'Z' ? 'F2' : 'F1'), cellId: id(`C${s}`) },
    gateway: { id: id(`G${s}`), transformerId: id(`T${s}`) },
    customer: {
      id: id(`K${s}`),
      name: `Customer ${s}`,
      phone: `1380000000${s.charCodeAt(0) % 10}`,
      password: `pw-${ctx.ns}-k${s}`,
    },
    meter: { id: id(`M${s}`), transformerId: id(`T${s}`), gatewayId: id(`G${s}`), customerId: id(`K${s}`) },
    staff: {
      id: id(`S${s}`),
      name: `Staff ${s}`,
      username: id(`s${s}`),
      password: `pw-${ctx.ns}-s${s}`,
      cells: [{ cellId: id(`C${s}`), role: 'primary' }],
    },
  });
  const all = (['A', 'B', 'Z'] as const).map(side);
  await ctx.putTopology({
    feeders: [
      { id: id('F1'), name: 'Line 1' },
      { id: id('F2'), name: 'Line 2' },
    ],
    cells: all.map((s) => s.cell),
    transformers: all.map((s) => s.transformer),
    gateways: all.map((s) => s.gateway),
    customers: all.map((s) => s.customer),
    meters: all.map((s) => s.meter),
    staff: all.map((s) => s.staff),
  });
  await ctx.post('/api/v1/users', {
    username: id('dispatch'),
    password: `pw-${ctx.ns}-d`,
    role: 'dispatcher',
  });
  return {
    id,
    tokens: {
      customer: await ctx.tokenFor(id('KA'), `pw-${ctx.ns}-kA`),
      staff: await ctx.tokenFor(id('sA'), `pw-${ctx.ns}-sA`),
      dispatcher: await ctx.tokenFor(id('dispatch'), `pw-${ctx.ns}-d`),
      administrator: await ctx.adminToken(),
    },
  };
}
