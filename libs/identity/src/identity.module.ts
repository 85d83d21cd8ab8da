import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GridConfig } from '@gridcell/config';
import { AdminSeeder } from './admin.seeder';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { jwtSecret } from './jwt-secret';
import { PasswordHasher } from './password.hasher';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Accounts, sign-in, access tokens and the global guard that checks them on every route. */
@Module({
  imports: [
    TypeOrmModule.forFeature([User]),
    JwtModule.registerAsync({
      inject: [GridConfig],
      useFactory: (config: GridConfig) => ({
        secret: jwtSecret(config),
        signOptions: { expiresIn: config.GRID_TOKEN_TTL_S },
      }),
    }),
  ],
  controllers: [AuthController, UsersController],
  providers: [
    PasswordHasher,
    AuthService,
    UsersService,
    AdminSeeder,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [PasswordHasher, AuthService],
})
export class IdentityModule {}
