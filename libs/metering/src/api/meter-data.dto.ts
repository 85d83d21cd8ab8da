import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ISO_WITH_OFFSET } from '@gridcell/contracts';
import { GRANULARITIES, type Granularity } from '../usage/usage.service';

const TIME_MESSAGE = {
  message: '$property must be ISO-8601 with a zone offset, e.g. 2026-11-28T00:00:00+08:00',
};

export class TimeRangeQueryDto {
  @ApiPropertyOptional({ description: 'ISO-8601 with offset; default: 7 days before `to`' })
  @IsOptional()
  @Matches(ISO_WITH_OFFSET, TIME_MESSAGE)
  from?: string;

  @ApiPropertyOptional({ description: 'ISO-8601 with offset, exclusive; default: now' })
  @IsOptional()
  @Matches(ISO_WITH_OFFSET, TIME_MESSAGE)
  to?: string;
}

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
