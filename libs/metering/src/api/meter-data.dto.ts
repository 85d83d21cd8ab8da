import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { TimeRangeQueryDto } from '@gridcell/api-kit';
import { GRANULARITIES, type Granularity } from '../usage/usage.service';

export class UsageQueryDto extends TimeRangeQueryDto {
  @ApiPropertyOptional({ enum: GRANULARITIES, default: 'day' })
  @IsOptional()
  @IsIn(GRANULARITIES)
  granularity?: Granularity;
}

export class ReadingsQueryDto extends TimeRangeQueryDto {
  @ApiPropertyOptional({ default: 1000, maximum: 10000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  limit?: number;
}

export class UsageBucketDto {
  @ApiProperty({ example: '2026-11-27T16:00:00.000Z' }) start!: string;
  @ApiProperty({ example: 1.23 }) kwh!: number;
}

export class ReadingDto {
  @ApiProperty() ts!: string;
  @ApiProperty({ nullable: true }) energyKwh!: number | null;
  @ApiProperty({ nullable: true, description: 'number, or [A, B, C] for three-phase meters' }) voltageV!:
    number | (number | null)[] | null;
  @ApiProperty({ nullable: true }) currentA!: number | (number | null)[] | null;
  @ApiProperty({ nullable: true }) powerKw!: number | null;
  @ApiProperty({ nullable: true }) powerFactor!: number | null;
  @ApiProperty({ nullable: true }) frequencyHz!: number | null;
}
