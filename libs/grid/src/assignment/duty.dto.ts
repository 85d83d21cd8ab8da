import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { DUTY_STATES, type DutyState } from '../entities/staff.entity';

export class DutyChangeRequestDto {
  @ApiProperty({ enum: DUTY_STATES })
  @IsIn(DUTY_STATES)
  state!: DutyState;

  @ApiPropertyOptional({ example: 'annual leave until Monday' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class DutyChangeDto {
  @ApiProperty({ enum: DUTY_STATES }) state!: DutyState;
  @ApiProperty({ nullable: true }) reason!: string | null;
  @ApiProperty() changedBy!: string;
  @ApiProperty() changedAt!: string;
}

export class AssigneeQueryDto {
  @ApiPropertyOptional({ description: 'urgent work passes over a fully loaded primary' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  urgent?: boolean;
}

export class AssignmentDecisionDto {
  @ApiProperty({ enum: ['staff', 'dispatcher-queue'] }) kind!: 'staff' | 'dispatcher-queue';
  @ApiPropertyOptional() staffId?: string;
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional({ description: 'the cell whose post takes the work' }) cellId?: string;
  @ApiPropertyOptional({ enum: ['primary', 'backup', 'neighbour'] }) via?: 'primary' | 'backup' | 'neighbour';
  @ApiProperty({ example: 'backup: primary Li Wei is on leave' }) reason!: string;
}
