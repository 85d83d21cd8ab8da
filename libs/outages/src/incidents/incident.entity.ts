import { Check, Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { IncidentEvidence, IncidentKind, IncidentScope, IncidentStatus } from '@gridcell/contracts';

/** An incident the detector opened from meter evidence (CONTRACT 2). */
@Entity('incidents')
@Index('incidents_status_started_at_idx', ['status', 'startedAt'])
@Index('incidents_started_at_idx', ['startedAt'])
@Check('incidents_kind_check', `"kind" IN ('outage', 'momentary', 'communication', 'voltage')`)
@Check('incidents_scope_check', `"scope" IN ('meter', 'transformer', 'feeder')`)
@Check('incidents_status_check', `"status" IN ('open', 'restored', 'closed')`)
export class Incident {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'incidents_pkey' })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: IncidentKind;

  @Column({ type: 'varchar', length: 16 })
  scope!: IncidentScope;

  @Column({ name: 'asset_id', type: 'varchar', length: 64 })
  assetId!: string;

  /** The cell with most of the affected meters; `cellIds` lists them all. */
  @Column({ name: 'cell_id', type: 'varchar', length: 64, nullable: true })
  cellId!: string | null;

  @Column({ name: 'cell_ids', type: 'text', array: true, default: () => "'{}'" })
  cellIds!: string[];

  @Column({ name: 'feeder_id', type: 'varchar', length: 64, nullable: true })
  feederId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: IncidentStatus;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'detected_at', type: 'timestamptz' })
  detectedAt!: Date;

  @Column({ name: 'restored_at', type: 'timestamptz', nullable: true })
  restoredAt!: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'affected_meters', type: 'integer' })
  affectedMeters!: number;

  @Column({ name: 'still_affected_meters', type: 'integer' })
  stillAffectedMeters!: number;

  @Column({ name: 'affected_customers', type: 'integer' })
  affectedCustomers!: number;

  @Column({ name: 'vulnerable_customers', type: 'integer' })
  vulnerableCustomers!: number;

  @Column({ type: 'real' })
  confidence!: number;

  @Column({ type: 'jsonb' })
  evidence!: IncidentEvidence;

  @Index('incidents_parent_id_idx')
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
