/** The `PUT /api/v1/topology` body of CONTRACT section 2, as the simulator generates it. */

export interface FeederItem {
  id: string;
  name: string;
}

export interface TransformerItem {
  id: string;
  feederId: string;
  cellId: string;
  ratedKva: number;
  lat: number;
  lon: number;
}

export interface GatewayItem {
  id: string;
  transformerId: string;
}

export interface CellItem {
  id: string;
  name: string;
  /** Extra field the platform understands: selects the rural service-commitment targets. */
  areaClass: 'urban' | 'rural' | 'remote';
}

export interface CustomerItem {
  id: string;
  name: string;
  phone: string;
  vulnerable: boolean;
  /** Demo credential, for the first few customers only: the customer signs in with `id` as username. */
  password?: string;
}

export interface MeterItem {
  id: string;
  transformerId: string;
  gatewayId: string;
  customerId: string;
  phases: 1 | 3;
  intervalS: number;
  lastGasp: boolean;
  /** Extra field (the contract ignores unknown fields): where the meter hangs, for maps. */
  lat: number;
  lon: number;
}

export type StaffRole = 'primary' | 'backup';

export interface StaffItem {
  id: string;
  name: string;
  username: string;
  password: string;
  cells: { cellId: string; role: StaffRole }[];
}

export interface TopologyBody {
  feeders: FeederItem[];
  transformers: TransformerItem[];
  gateways: GatewayItem[];
  cells: CellItem[];
  customers: CustomerItem[];
  meters: MeterItem[];
  staff: StaffItem[];
}

export const ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
