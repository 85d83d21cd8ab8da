import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { inTransaction } from '@gridcell/database';
import { IncidentOrdersPlanner } from './incident-orders.planner';
import { SlaSweeper } from './sla.sweeper';

const EVERY_MS = 3_000;

/**
 * Runs the planner (incidents → orders) and the SLA sweeper every few seconds, in short
 * transactions; notifications leave after commit. Several API instances may run it: rows are
 * claimed with SKIP LOCKED and every change is conditional, so nothing happens twice.
 */
@Injectable()
export class WorkOrderJobs implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkOrderJobs.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly pool: Pool,
    private readonly planner: IncidentOrdersPlanner,
    private readonly sweeper: SlaSweeper,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.pass().finally(() => (this.running = undefined));
    }, EVERY_MS);
    this.timer.unref();
  }

  /** One pass now (tests, and the interval). */
  async pass(): Promise<void> {
    try {
      const after = [
        ...(await this.planner.plan()),
        ...(await inTransaction(this.pool, (db) => this.sweeper.sweep(db))),
      ];
      for (const deliver of after) deliver();
    } catch (error) {
      this.logger.warn(`work-order pass failed: ${(error as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
