import type { SimReading } from './fleet.model';
import type { LocalCalendar } from './timezone.util';

/** Real fleets mix both timestamp styles the contract allows: some concentrators send epoch ms. */
export type TsStyle = 'iso' | 'epoch';

/** A reading object as it goes on the wire (CONTRACT 1.1): the model's reading, its time in either style. */
export type WireReading = Omit<SimReading, 'ts'> & { ts: string | number };

export function toWireReading(reading: SimReading, style: TsStyle, calendar: LocalCalendar): WireReading {
  return {
    meterId: reading.meterId,
    ts: style === 'epoch' ? reading.ts : calendar.formatIso(reading.ts),
    energyKwh: reading.energyKwh,
    voltageV: reading.voltageV,
    currentA: reading.currentA,
    powerKw: reading.powerKw,
    powerFactor: reading.powerFactor,
    frequencyHz: reading.frequencyHz,
  };
}
