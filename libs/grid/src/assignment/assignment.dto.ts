import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

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
