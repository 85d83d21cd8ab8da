import type { TopologyBody } from '@gridcell/contracts';
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

/**
 * A county-shaped territory: `meters` meters and customers, one transformer (with its concentrator)
 * per 100 meters, 10 transformers to a feeder, 2 to a cell, a primary and a backup per cell.
 */
export function countyTerritory(ns: string, meters: number): Required<TopologyBody> {
  const transformers = Math.ceil(meters / 100);
  const cells = Math.ceil(transformers / 2);
  return {
    feeders: Array.from({ length: Math.ceil(transformers / 10) }, (_, f) => ({
      id: `${ns}-F${f}`,
      name: `Line ${f}`,
    })),
    cells: Array.from({ length: cells }, (_, c) => ({ id: `${ns}-C${c}`, name: `Village ${c}` })),
    transformers: Array.from({ length: transformers }, (_, t) => ({
      id: `${ns}-T${t}`,
      feederId: `${ns}-F${Math.floor(t / 10)}`,
      cellId: `${ns}-C${Math.floor(t / 2)}`,
      ratedKva: 200,
      lat: 30 + t / 1000,
      lon: 114 + (t % 50) / 100,
    })),
    gateways: Array.from({ length: transformers }, (_, t) => ({
      id: `${ns}-G${t}`,
      transformerId: `${ns}-T${t}`,
    })),
    customers: Array.from({ length: meters }, (_, i) => ({
      id: `${ns}-K${i}`,
      name: `Customer ${i}`,
      phone: `138${String(i).padStart(8, '0')}`,
      vulnerable: i % 30 === 0,
    })),
    meters: Array.from({ length: meters }, (_, i) => ({
      id: `${ns}-M${i}`,
      transformerId: `${ns}-T${Math.floor(i / 100)}`,
      gatewayId: `${ns}-G${Math.floor(i / 100)}`,
      customerId: `${ns}-K${i}`,
      phases: i % 50 === 0 ? (3 as const) : (1 as const),
      intervalS: 900,
      lastGasp: i % 3 !== 0,
    })),
    staff: Array.from({ length: cells * 2 }, (_, s) => ({
      id: `${ns}-S${s}`,
      name: `Staff ${s}`,
      cells: [
        {
          cellId: `${ns}-C${Math.floor(s / 2)}`,
          role: s % 2 === 0 ? ('primary' as const) : ('backup' as const),
        },
      ],
    })),
  };
}
