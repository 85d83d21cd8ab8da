import { randomBytes } from 'node:crypto';

/** A unique namespace per test so runs on a shared broker and database never see each other. */
export function uniqueName(prefix: string): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

/** A small territory in CONTRACT 2 shape: one feeder, one cell, one transformer, `meters` meters. */
export function smallTerritory(ns: string, meters: number) {
  return {
    feeders: [{ id: `${ns}-F1`, name: 'Line 1' }],
    cells: [{ id: `${ns}-C1`, name: 'Liuhe Village' }],
    transformers: [{ id: `${ns}-T1`, feederId: `${ns}-F1`, cellId: `${ns}-C1`, ratedKva: 200 }],
    gateways: [{ id: `${ns}-G1`, transformerId: `${ns}-T1` }],
    customers: Array.from({ length: meters }, (_, i) => ({
      id: `${ns}-K${i}`,
      name: `Customer ${i}`,
      ...(i < 2 ? { password: `pw-${ns}-${i}` } : {}),
    })),
    meters: Array.from({ length: meters }, (_, i) => ({
      id: `${ns}-M${i}`,
      transformerId: `${ns}-T1`,
      gatewayId: `${ns}-G1`,
      customerId: `${ns}-K${i}`,
    })),
  };
}
