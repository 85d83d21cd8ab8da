import { Check, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { GATEWAY_STATES } from '@gridcell/contracts';

export type GatewayState = (typeof GATEWAY_STATES)[number];

@Entity('gateway_status')
@Check('gateway_status_state_check', `"state" IN ('online', 'offline', 'power_down')`)
export class GatewayStatus {
  @PrimaryColumn({
    name: 'gateway_id',
    type: 'varchar',
    length: 64,
    primaryKeyConstraintName: 'gateway_status_pkey',
  })
  gatewayId!: string;

  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'gateway_status_pkey' })
  ts!: Date;

  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'gateway_status_pkey' })
  state!: GatewayState;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
