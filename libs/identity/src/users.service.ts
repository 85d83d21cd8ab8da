import { ConflictException, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { PasswordHasher } from './password.hasher';
import type { Principal } from './principal';
import { User, type Role } from './user.entity';

/** Accounts that do not come with the topology (dispatchers, administrators), password changes and resets. */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly hasher: PasswordHasher,
  ) {}

  async create(
    username: string,
    password: string,
    role: Role,
  ): Promise<{ id: string; username: string; role: Role }> {
    const passwordHash = await this.hasher.hash(password);
    const result = await this.users
      .createQueryBuilder()
      .insert()
      .values({ username, passwordHash, role })
      .orIgnore()
      .returning(['id'])
      .execute();
    const id = (result.raw as { id: string }[])[0]?.id;
    if (!id) throw new ConflictException(`username "${username}" is taken`);
    return { id, username, role };
  }

  async changePassword(who: Principal, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.users.findOneByOrFail({ id: who.userId });
    if (!(await this.hasher.verify(user.passwordHash, currentPassword)))
      throw new UnauthorizedException('the current password is wrong');
    await this.users.update({ id: user.id }, { passwordHash: await this.hasher.hash(newPassword) });
  }

  /** An administrator sets someone's password (a forgotten one, or a first one for an imported account). */
  async resetPassword(username: string, newPassword: string): Promise<void> {
    const passwordHash = await this.hasher.hash(newPassword);
    const result = await this.users.update({ username }, { passwordHash });
    if (!result.affected) throw new NotFoundException(`user "${username}" not found`);
  }
}
