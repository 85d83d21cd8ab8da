import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Incident } from './incident.entity';

/** A meter an incident covers: since when it was out, and when and how it came back. */
@Entity('incident_meters')
@Index('incident_meters_meter_id_idx', ['meterId'])
export class IncidentMeter {
  @PrimaryColumn({ name: 'incident_id', type: 'uuid', primaryKeyConstraintName: 'incident_meters_pkey' })
  incidentId!: string;

  @PrimaryColumn({
    name: 'meter_id',
    type: 'varchar',
    length: 64,
    primaryKeyConstraintName: 'incident_meters_pkey',
  })
  meterId!: string;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'incident_meters_incident_id_fkey' })
  incident?: Incident;

  @Column({ name: 'out_at', type: 'timestamptz', nullable: true })
  outAt!: Date | null;

  @Column({ name: 'restored_at', type: 'timestamptz', nullable: true })
  restoredAt!: Date | null;

  /** What showed it back: `power_up`, `ping`, `reading`, `gateway`, or `split` (moved to its own incident). */
  @Column({ name: 'restored_by', type: 'varchar', length: 16, nullable: true })
  restoredBy!: string | null;
}
