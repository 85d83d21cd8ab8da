import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { GridConfig } from '@gridcell/config';
import { PasswordHasher } from './password.hasher';
import { User } from './user.entity';

/** Creates the administrator named by GRID_ADMIN_USERNAME / GRID_ADMIN_PASSWORD if absent. */
@Injectable()
export class AdminSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminSeeder.name);

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly hasher: PasswordHasher,
    private readonly config: GridConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { GRID_ADMIN_USERNAME: username, GRID_ADMIN_PASSWORD: password } = this.config;
    if (!username || !password) return;
    if (await this.users.exists({ where: { username } })) return;
    const passwordHash = await this.hasher.hash(password);
    await this.users
      .createQueryBuilder()
      .insert()
      .values({ username, passwordHash, role: 'administrator' })
      .orIgnore()
      .execute();
    this.logger.log(`created administrator "${username}"`);
  }
}
