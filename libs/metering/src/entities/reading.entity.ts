import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One interval reading (a hypertable on TimescaleDB). Written in bulk by ReadingsRepository. */
@Entity('readings')
export class Reading {
  @PrimaryColumn({ name: 'meter_num', type: 'integer', primaryKeyConstraintName: 'readings_pkey' })
  meterNum!: number;

  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'readings_pkey' })
  ts!: Date;

  /** Cumulative active import register, kWh (OBIS 1-0:1.8.0). */
  @Column({ name: 'energy_kwh', type: 'double precision', nullable: true })
  energyKwh!: number | null;

  @Column({ name: 'voltage_a', type: 'real', nullable: true })
  voltageA!: number | null;

  @Column({ name: 'voltage_b', type: 'real', nullable: true })
  voltageB!: number | null;

  @Column({ name: 'voltage_c', type: 'real', nullable: true })
  voltageC!: number | null;

  @Column({ name: 'current_a', type: 'real', nullable: true })
  currentA!: number | null;

  @Column({ name: 'current_b', type: 'real', nullable: true })
  currentB!: number | null;

  @Column({ name: 'current_c', type: 'real', nullable: true })
  currentC!: number | null;

  @Column({ name: 'power_kw', type: 'real', nullable: true })
  powerKw!: number | null;

  @Column({ name: 'power_factor', type: 'real', nullable: true })
  powerFactor!: number | null;

  @Column({ name: 'frequency_hz', type: 'real', nullable: true })
  frequencyHz!: number | null;
}
