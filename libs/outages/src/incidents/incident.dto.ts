import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { TimeRangeQueryDto } from '@gridcell/api-kit';
import { INCIDENT_STATUSES, type IncidentStatus } from '@gridcell/contracts';

export class IncidentsQueryDto extends TimeRangeQueryDto {
  @ApiPropertyOptional({ enum: [...INCIDENT_STATUSES, 'all'], default: 'all' })
  @IsOptional()
  @IsIn([...INCIDENT_STATUSES, 'all'])
  status?: IncidentStatus | 'all';

  @ApiPropertyOptional({ default: 500, maximum: 5000, description: 'newest first' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;
}
