import { Logger } from '@nestjs/common';

/** A lock at most one instance holds at a time, released when its holder dies. */
export interface LeaderLock {
  /** Takes the lock if it is free; true when this instance now holds it. */
  tryAcquire(): Promise<boolean>;
  /** Confirms, or renews, the hold; false (or a throw) means it is lost. */
  confirm(): Promise<boolean>;
  release(): Promise<void>;
}

export interface LeaderRole {
  /** `firstTry`: won at start-up, so no other instance was leading. */
  lead(firstTry: boolean): Promise<void>;
  resign(): Promise<void>;
}

/** How often a standby tries for the lock, and the leader confirms it still holds it. */
const TRY_MS = 1_000;

/** Plays `role` while this instance holds `lock`; stands by, and takes over, otherwise. */
export class LeaderElection {
  private readonly logger = new Logger(LeaderElection.name);
  private stopped = false;
  private running?: Promise<void>;
  private wake?: () => void;

  constructor(private readonly lock: LeaderLock) {}

  start(role: LeaderRole): void {
    this.running = this.campaign(role);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  private async campaign(role: LeaderRole): Promise<void> {
    for (let firstTry = true; !this.stopped; firstTry = false) {
      if (await this.lock.tryAcquire().catch(() => false)) await this.hold(role, firstTry);
      else if (firstTry) this.logger.log('another API instance relays live events; standing by');
      await this.pause();
    }
    await this.lock.release().catch(() => undefined);
  }

  private async hold(role: LeaderRole, firstTry: boolean): Promise<void> {
    try {
      await role.lead(firstTry);
      this.logger.log('relaying live events for every API instance');
      while (!this.stopped && (await this.lock.confirm().catch(() => false))) await this.pause();
    } catch (error) {
      this.logger.warn(`leading failed: ${(error as Error).message}`);
    }
    await role.resign();
    await this.lock.release().catch(() => undefined);
    if (!this.stopped) this.logger.warn('lost the live relay lock; standing by');
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, TRY_MS);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
