import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { GridConfig } from '@gridcell/config';
import { PasswordHasher } from './password.hasher';
import type { Principal } from './principal';
import { User } from './user.entity';

export interface AccessToken {
  accessToken: string;
  expiresIn: number;
}

// Verifying against a fixed hash when the user does not exist keeps sign-in time the same for
// unknown usernames, so response time does not reveal which accounts exist.
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,p=1,t=2$7LemFEGXFdsqYZd1QpRjCQ$LsF8SvE8U8n4YhPPFg/1fN0rINYAMVbSQgbWJ8Rt71g';

/** Signs people in with username and password and turns access tokens back into principals. */
@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly config: GridConfig,
  ) {}

  async issueToken(username: string, password: string): Promise<AccessToken> {
    const user = await this.users.findOne({ where: { username } });
    const valid = await this.hasher.verify(user?.passwordHash ?? DUMMY_HASH, password);
    if (!user || !valid) throw new UnauthorizedException('unknown username or wrong password');
    const principal: Principal = {
      userId: user.id,
      username: user.username,
      role: user.role,
      staffId: user.staffId,
      customerId: user.customerId,
    };
    const accessToken = await this.jwt.signAsync({ ...principal, sub: user.id });
    return { accessToken, expiresIn: this.config.GRID_TOKEN_TTL_S };
  }

  async verify(token: string): Promise<Principal> {
    try {
      const claims = await this.jwt.verifyAsync<Principal & { sub: string }>(token);
      return {
        userId: claims.sub,
        username: claims.username,
        role: claims.role,
        staffId: claims.staffId,
        customerId: claims.customerId,
      };
    } catch {
      throw new UnauthorizedException('invalid or expired access token');
    }
  }
}
