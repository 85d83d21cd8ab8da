import {
  CLASSIC_VILLAGES,
  GIVEN_NAMES,
  MOBILE_PREFIXES,
  Named,
  SURNAMES,
  VILLAGE_FIRST,
  VILLAGE_SECOND,
} from './county-names.data';
import { createRng, Rng } from './prng.util';
import {
  CellItem,
  CustomerItem,
  FeederItem,
  GatewayItem,
  MeterItem,
  StaffItem,
  TopologyBody,
  TransformerItem,
} from './topology.types';

/** Customers with a portal account in the demo county; the rest have none, as before they register. */
export const DEMO_CUSTOMER_ACCOUNTS = 20;

export interface CountyOptions {
  seed: number;
  feeders?: number;
  transformers?: number;
  meters?: number;
  /** Prepended to every id, so several synthetic counties can share one platform. */
  idPrefix?: string;
}

/** What the meter feeds: drives the load shape and the customer's name. */
export type MeterUse = 'household' | 'empty' | 'shop' | 'pump';

/** How readings leave the meter: via the area's concentrator, or over the meter's own 4G/NB-IoT module. */
export type Uplink = 'gateway' | 'direct';

export interface MeterSite {
  use: MeterUse;
  /** Electrical distance from the transformer along its LV branch, 0 (at the transformer) to 1 (far end). */
  lvPosition: number;
  uplink: Uplink;
}

export interface County {
  seed: number;
  /** Exactly the `PUT /api/v1/topology` body (plus meter lat/lon, which the contract ignores). */
  topology: TopologyBody;
  /**
   * Ground truth the platform is supposed to discover from readings (weak areas, empty homes), so it is
   * kept out of the topology body.
   */
  sim: {
    weakTransformerIds: string[];
    meters: Record<string, MeterSite>;
  };
}

export const COUNTY_DEFAULTS = { feeders: 4, transformers: 40, meters: 1000 } as const;

/** County seat the synthetic villages spread around (Jianghan plain, Hubei). */
const CENTRE = { lat: 30.5, lon: 114.3 };
const KM_PER_DEG_LAT = 111.2;
const KM_PER_DEG_LON = KM_PER_DEG_LAT * Math.cos((CENTRE.lat * Math.PI) / 180);

/** Standard distribution-transformer ratings (GB/T 6451 series) a utility would actually install. */
const STANDARD_KVA = [30, 50, 63, 80, 100, 125, 160, 200, 250, 315, 400, 500, 630, 800, 1000, 1250, 1600];

const WEAK_SHARE = 0.05;
const DIRECT_AREA_SHARE = 0.12;
const INTERVAL_S = 900;

export function generateCounty(options: CountyOptions): County {
  const opts = validateOptions(options);
  const { seed, idPrefix: p } = opts;
  const rng = createRng(seed, 'county');
  const names = new NamePool(createRng(seed, 'names'));

  const feeders: FeederItem[] = [];
  const transformers: TransformerItem[] = [];
  const gateways: GatewayItem[] = [];
  const cells: CellItem[] = [];
  /** Distance along its feeder, to place weak areas at the ends of long rural lines. */
  const reach = new Map<string, number>();

  const perFeeder = allocate(
    opts.transformers,
    Array.from({ length: opts.feeders }, () => rng.float(0.7, 1.3)),
    1,
  );
  const fw = width(opts.feeders);
  // Cells are numbered before we know how many villages there will be; there are never more than areas.
  const cw = width(opts.transformers);
  let cellSeq = 0;

  for (let f = 0; f < opts.feeders; f++) {
    const feederId = `${p}F${pad(f + 1, fw)}`;
    feeders.push({ id: feederId, name: `10 kV Line ${f + 1}` });
    const bearing = (2 * Math.PI * f) / opts.feeders + rng.float(-0.3, 0.3);
    const tw = width(perFeeder[f]);
    let along = rng.float(1.5, 4);
    let t = 0;
    while (t < perFeeder[f]) {
      const size = Math.min(perFeeder[f] - t, rng.pick([1, 1, 2, 2, 2, 3]));
      const cellId = `${p}C${pad(++cellSeq, cw)}`;
      const village = names.village();
      cells.push({ id: cellId, name: `${village[0]} Village ${village[1]}村`, areaClass: 'rural' });
      const lateral = rng.float(-1.5, 1.5);
      const vx = Math.cos(bearing) * along - Math.sin(bearing) * lateral;
      const vy = Math.sin(bearing) * along + Math.cos(bearing) * lateral;
      for (let i = 0; i < size; i++, t++) {
        const id = `${p}T${pad(f + 1, fw)}-${pad(t + 1, tw)}`;
        const x = vx + rng.float(-0.35, 0.35);
        const y = vy + rng.float(-0.35, 0.35);
        transformers.push({
          id,
          feederId,
          cellId,
          ratedKva: 0, // sized below, once we know what hangs on it
          lat: round6(CENTRE.lat + y / KM_PER_DEG_LAT),
          lon: round6(CENTRE.lon + x / KM_PER_DEG_LON),
        });
        gateways.push({ id: `${p}G-T${pad(f + 1, fw)}-${pad(t + 1, tw)}`, transformerId: id });
        reach.set(id, along);
      }
      along += rng.float(1.5, 4);
    }
  }

  // Chronically weak areas sit at the far end of long lines: pick them among the farther half.
  const weakCount = Math.round(opts.transformers * WEAK_SHARE);
  const farHalf = transformers
    .slice()
    .sort((a, b) => (reach.get(b.id) ?? 0) - (reach.get(a.id) ?? 0) || (a.id < b.id ? -1 : 1))
    .slice(0, Math.max(weakCount, Math.ceil(transformers.length / 2)));
  const weak = new Set(
    rng
      .shuffle(farHalf)
      .slice(0, weakCount)
      .map((t) => t.id),
  );
  const directAreas = new Set(
    transformers.filter((t) => !weak.has(t.id) && rng.chance(DIRECT_AREA_SHARE)).map((t) => t.id),
  );

  // Weak areas are also the crowded ones: one old transformer feeding a grown village.
  const metersPer = allocate(
    opts.meters,
    transformers.map((t) => rng.float(0.5, 1.5) * (weak.has(t.id) ? 1.6 : 1)),
    1,
  );

  const customers: CustomerItem[] = [];
  const meters: MeterItem[] = [];
  const sites: Record<string, MeterSite> = {};
  const mw = Math.max(6, width(opts.meters));
  const cellName = new Map(cells.map((c) => [c.id, c.name]));
  let meterSeq = 0;

  transformers.forEach((tr, ti) => {
    const n = metersPer[ti];
    const isWeak = weak.has(tr.id);
    const branches = n < 6 ? 1 : rng.int(1, 3);
    const bearings = Array.from({ length: branches }, () => rng.float(0, 2 * Math.PI));
    const branchKm = Array.from({ length: branches }, () =>
      isWeak ? rng.float(0.7, 1.2) : rng.float(0.2, 0.5),
    );
    const longest = Math.max(...branchKm);
    const onBranch = Array.from(
      { length: branches },
      (_, b) => Math.floor(n / branches) + (b < n % branches ? 1 : 0),
    );
    const seen = new Array<number>(branches).fill(0);
    let demandKva = 0;

    for (let i = 0; i < n; i++) {
      const seq = ++meterSeq;
      const meterId = `${p}M${pad(seq, mw)}`;
      const customerId = `${p}K${pad(seq, mw)}`;
      const drawn = pickUse(rng);
      // The first meter is an ordinary family home: it is the one demos and docs query first.
      const use: MeterUse = seq === 1 ? 'household' : drawn;
      const phases: 1 | 3 = use === 'pump' || (use === 'shop' && rng.chance(0.5)) || rng.chance(0.01) ? 3 : 1;
      const b = i % branches;
      const pos = ++seen[b] / onBranch[b];
      const km = pos * branchKm[b];
      const side = rng.float(-0.015, 0.015);
      const dx = Math.cos(bearings[b]) * km - Math.sin(bearings[b]) * side;
      const dy = Math.sin(bearings[b]) * km + Math.cos(bearings[b]) * side;

      meters.push({
        id: meterId,
        transformerId: tr.id,
        gatewayId: gateways[ti].id,
        customerId,
        phases,
        intervalS: INTERVAL_S,
        lastGasp: rng.chance(0.7),
        lat: round6(tr.lat + dy / KM_PER_DEG_LAT),
        lon: round6(tr.lon + dx / KM_PER_DEG_LON),
      });
      customers.push({
        id: customerId,
        name: customerName(use, names, cellName.get(tr.cellId) ?? ''),
        phone: phoneNumber(rng),
        // Left-behind elderly and households on home medical equipment; ~3% of all customers.
        vulnerable: (use === 'household' || use === 'empty') && rng.chance(0.034),
        // Only the first customers get a portal account: each password costs an argon2 hash at import.
        ...(meters.length <= DEMO_CUSTOMER_ACCOUNTS ? { password: demoPassword(seed, customerId) } : {}),
      });
      sites[meterId] = {
        use,
        lvPosition: round6((km / longest) * 0.999 + 0.001),
        uplink: phases === 3 || directAreas.has(tr.id) ? 'direct' : 'gateway',
      };
      demandKva += DEMAND_KVA[use];
    }
    // Healthy areas are sized for their after-diversity demand; weak ones are an old, undersized unit.
    tr.ratedKva = standardKva(isWeak ? demandKva * 0.4 : demandKva);
  });

  const staff = assignStaff(cells, names, seed, p);

  return {
    seed,
    topology: { feeders, transformers, gateways, cells, customers, meters, staff },
    sim: { weakTransformerIds: [...weak].sort(), meters: sites },
  };
}

/**
 * Deterministic from the seed yet not guessable from the id alone. These are DEMO credentials for a
 * synthetic county: anyone with the seed can recompute them, so never reuse the scheme for real users.
 */
export function demoPassword(seed: number, id: string): string {
  const rng = createRng(seed, `password:${id}`);
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const groups = Array.from({ length: 3 }, () =>
    Array.from({ length: 4 }, () => alphabet[rng.int(0, alphabet.length - 1)]),
  );
  // Guarantee the character classes common password policies ask for.
  groups[0][0] = 'ABCDEFGHJKLMNPQRSTUVWXYZ'[rng.int(0, 23)];
  groups[1][1] = '23456789'[rng.int(0, 7)];
  groups[2][3] = 'abcdefghjkmnpqrstuvwxyz'[rng.int(0, 22)];
  return groups.map((g) => g.join('')).join('-');
}

/** After-diversity demand per connection, kVA: what a planner would size the transformer for. */
const DEMAND_KVA: Record<MeterUse, number> = { household: 3, empty: 1, shop: 6, pump: 12 };

function pickUse(rng: Rng): MeterUse {
  const r = rng.next();
  if (r < 0.02) return 'pump';
  if (r < 0.06) return 'shop';
  // Migrant-worker households: empty most of the year, full at Spring Festival.
  if (r < 0.18) return 'empty';
  return 'household';
}

function customerName(use: MeterUse, names: NamePool, cellName: string): string {
  const village = cellName.replace(/ Village .*$/, '');
  const villageZh = cellName.replace(/^.* /, '');
  if (use === 'pump') return `${village} Irrigation Pump ${villageZh}灌溉泵站`;
  if (use === 'shop') {
    const [py, zh] = names.surname();
    return names.rng.chance(0.3) ? `${village} Rice Mill ${villageZh}碾米厂` : `${py}'s Store ${zh}记小卖部`;
  }
  return names.person();
}

function phoneNumber(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

/**
 * A/B posts: cells are grouped in runs of 1-2 neighbouring villages; staff i is primary for group i and
 * backup for group i+1, so everyone serves 2-4 cells and every cell has one primary and one backup.
 */
function assignStaff(cells: CellItem[], names: NamePool, seed: number, p: string): StaffItem[] {
  const groups: CellItem[][] = [];
  for (let i = 0; i < cells.length;) {
    const size = Math.min(cells.length - i, names.rng.chance(0.5) ? 2 : 1);
    groups.push(cells.slice(i, i + size));
    i += size;
  }
  const count = Math.max(2, groups.length);
  const sw = width(count);
  const staff: StaffItem[] = Array.from({ length: count }, (_, i) => {
    const id = `${p}S${pad(i + 1, sw)}`;
    return {
      id,
      name: names.person(),
      username: id.toLowerCase(),
      password: demoPassword(seed, id),
      cells: [],
    };
  });
  groups.forEach((group, g) => {
    const primary = staff[g];
    const backup = staff[(g + 1) % count];
    for (const cell of group) {
      primary.cells.push({ cellId: cell.id, role: 'primary' });
      backup.cells.push({ cellId: cell.id, role: 'backup' });
    }
  });
  return staff;
}

/** Hands out village names without repeats: the classic ones first, then generated compounds. */
class NamePool {
  private readonly villages: Named[];
  private used = 0;

  constructor(readonly rng: Rng) {
    const compounds: Named[] = [];
    const seen = new Set(CLASSIC_VILLAGES.map(([py]) => py));
    for (const [a, az] of VILLAGE_FIRST) {
      for (const [b, bz] of VILLAGE_SECOND) {
        const py = a + b;
        if (!seen.has(py)) {
          seen.add(py);
          compounds.push([py, az + bz]);
        }
      }
    }
    this.villages = [...rng.shuffle(CLASSIC_VILLAGES), ...rng.shuffle(compounds)];
  }

  village(): Named {
    const base = this.villages[this.used % this.villages.length];
    const round = Math.floor(this.used++ / this.villages.length);
    // Past a few hundred villages, fall back to numbered "new" villages (新村), as real counties do.
    return round === 0 ? base : [`${base[0]} New ${round}`, `${base[1]}新${round}`];
  }

  surname(): Named {
    return this.rng.pick(SURNAMES);
  }

  person(): string {
    const [sp, sz] = this.rng.pick(SURNAMES);
    const [gp, gz] = this.rng.pick(GIVEN_NAMES);
    return `${sp} ${gp} ${sz}${gz}`;
  }
}

/** Splits `total` by weight (largest remainder), giving every slot at least `min`. */
function allocate(total: number, weights: number[], min: number): number[] {
  const spare = total - min * weights.length;
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (spare * w) / sum);
  const out = exact.map((x) => min + Math.floor(x));
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k++, left--) out[order[k % order.length][1]]++;
  return out;
}

function standardKva(demand: number): number {
  return STANDARD_KVA.find((k) => k >= demand) ?? STANDARD_KVA[STANDARD_KVA.length - 1];
}

function validateOptions(o: CountyOptions): Required<CountyOptions> {
  const feeders = o.feeders ?? COUNTY_DEFAULTS.feeders;
  const transformers = o.transformers ?? COUNTY_DEFAULTS.transformers;
  const meters = o.meters ?? COUNTY_DEFAULTS.meters;
  const idPrefix = o.idPrefix ?? '';
  if (!Number.isInteger(o.seed)) throw new RangeError(`seed must be an integer, got ${o.seed}`);
  if (!Number.isInteger(feeders) || feeders < 1 || feeders > 999)
    throw new RangeError(`feeders must be an integer 1..999, got ${feeders}`);
  if (!Number.isInteger(transformers) || transformers < feeders || transformers > 99_999)
    throw new RangeError(
      `transformers must be an integer from feeders (${feeders}) to 99999, got ${transformers}`,
    );
  if (!Number.isInteger(meters) || meters < transformers || meters > 9_999_999)
    throw new RangeError(
      `meters must be an integer from transformers (${transformers}) to 9999999, got ${meters}`,
    );
  if (!/^[A-Za-z0-9._-]{0,24}$/.test(idPrefix))
    throw new RangeError(`idPrefix must match [A-Za-z0-9._-]{0,24}, got "${idPrefix}"`);
  return { seed: o.seed >>> 0, feeders, transformers, meters, idPrefix };
}

function width(count: number): number {
  return Math.max(2, String(count).length);
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
