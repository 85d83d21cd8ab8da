import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { INSTANT_MESSAGE } from '@gridcell/api-kit';
import { ISO_WITH_OFFSET } from '@gridcell/contracts';
import { SHIFT_STATES, type ShiftState } from '../entities/staff-shift.entity';
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

export class EffectiveDutyDto {
  @ApiProperty({ enum: DUTY_STATES }) state!: DutyState;
  @ApiProperty({ nullable: true, description: 'when this state began, where known' }) since!: string | null;
  @ApiProperty({ enum: ['manual', 'calendar', 'default'] }) source!: 'manual' | 'calendar' | 'default';
  @ApiProperty({ example: 'on leave (calendar, until 2026-12-03T10:00:00.000Z)' }) reason!: string;
}

export class ShiftRequestDto {
  @ApiProperty({ example: '2026-12-02T08:00:00+08:00' })
  @Matches(ISO_WITH_OFFSET, INSTANT_MESSAGE)
  startsAt!: string;

  @ApiProperty({ example: '2026-12-02T18:00:00+08:00' })
  @Matches(ISO_WITH_OFFSET, INSTANT_MESSAGE)
  endsAt!: string;

  @ApiProperty({ enum: SHIFT_STATES, description: 'a shift on duty, or a period of leave' })
  @IsIn(SHIFT_STATES)
  state!: ShiftState;

  @ApiPropertyOptional({ example: 'covering for Li Wei' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  note?: string;
}

export class ShiftDto {
  @ApiProperty() id!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty({ enum: SHIFT_STATES }) state!: ShiftState;
  @ApiProperty({ nullable: true }) note!: string | null;
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true }) cancelledBy!: string | null;
  @ApiProperty({ nullable: true }) cancelledAt!: string | null;
}
