import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { ISO_WITH_OFFSET } from '@gridcell/contracts';

/** The message for a query parameter that is not an instant with a zone offset. */
export const INSTANT_MESSAGE = {
  message: '$property must be ISO-8601 with a zone offset, e.g. 2026-11-28T00:00:00+08:00',
};

export class TimeRangeQueryDto {
  @ApiPropertyOptional({ description: 'ISO-8601 with offset; default: 7 days before `to`' })
  @IsOptional()
  @Matches(ISO_WITH_OFFSET, INSTANT_MESSAGE)
  from?: string;

  @ApiPropertyOptional({ description: 'ISO-8601 with offset, exclusive; default: now' })
  @IsOptional()
  @Matches(ISO_WITH_OFFSET, INSTANT_MESSAGE)
  to?: string;
}
