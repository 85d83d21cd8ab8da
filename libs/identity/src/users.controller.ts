import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { CurrentPrincipal, Roles } from './access.decorators';
import type { Principal } from './principal';
import { ChangePasswordDto, CreateUserDto, ResetPasswordDto, UserCreatedDto } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('api/v1')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post('users')
  @Roles('administrator')
  @ApiCreatedResponse({ type: UserCreatedDto })
  create(@Body() body: CreateUserDto): Promise<UserCreatedDto> {
    return this.users.create(body.username, body.password, body.role);
  }

  @Put('auth/password')
  @HttpCode(204)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiNoContentResponse({ description: 'changed; existing tokens stay valid until they expire' })
  changePassword(@CurrentPrincipal() who: Principal, @Body() body: ChangePasswordDto): Promise<void> {
    return this.users.changePassword(who, body.currentPassword, body.newPassword);
  }

  @Put('users/:username/password')
  @Roles('administrator')
  @HttpCode(204)
  @ApiNoContentResponse({ description: "set; the person's existing tokens stay valid until they expire" })
  resetPassword(@Param('username') username: string, @Body() body: ResetPasswordDto): Promise<void> {
    return this.users.resetPassword(username, body.newPassword);
  }
}
