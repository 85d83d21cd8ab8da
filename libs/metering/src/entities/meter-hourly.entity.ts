import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Hourly rollup of readings, refreshed from readings through the rollup_dirty invalidation log. */
@Entity('meter_hourly')
export class MeterHourly {
  @PrimaryColumn({ name: 'meter_num', type: 'integer', primaryKeyConstraintName: 'meter_hourly_pkey' })
  meterNum!: number;

  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'meter_hourly_pkey' })
  hour!: Date;

  @Column({ type: 'integer' })
  readings!: number;

  @Column({ name: 'energy_min', type: 'double precision', nullable: true })
  energyMin!: number | null;

  @Column({ name: 'energy_max', type: 'double precision', nullable: true })
  energyMax!: number | null;

  @Column({ name: 'voltage_min', type: 'real', nullable: true })
  voltageMin!: number | null;

  @Column({ name: 'voltage_max', type: 'real', nullable: true })
  voltageMax!: number | null;

  @Column({ name: 'voltage_sum', type: 'double precision', default: 0 })
  voltageSum!: number;

  @Column({ name: 'voltage_n', type: 'integer', default: 0 })
  voltageN!: number;
}
