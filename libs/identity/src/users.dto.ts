import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { ID_PATTERN } from '@gridcell/contracts';

export class CreateUserDto {
  @ApiProperty({ example: 'dispatch-1' })
  @Matches(ID_PATTERN, { message: 'username must be 1-64 characters of [A-Za-z0-9._-]' })
  username!: string;

  @ApiProperty()
  @IsString()
  @Length(8, 128)
  password!: string;

  @ApiProperty({
    enum: ['dispatcher', 'administrator'],
    description: 'staff and customer accounts come with the topology',
  })
  @IsIn(['dispatcher', 'administrator'])
  role!: 'dispatcher' | 'administrator';
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @Length(1, 128)
  currentPassword!: string;

  @ApiProperty()
  @IsString()
  @Length(8, 128)
  newPassword!: string;
}

export class ResetPasswordDto {
  @ApiProperty()
  @IsString()
  @Length(8, 128)
  newPassword!: string;
}

export class UserCreatedDto {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() role!: string;
}
