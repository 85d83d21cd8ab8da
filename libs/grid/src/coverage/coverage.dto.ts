import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class CoverageQueryDto {
  @ApiPropertyOptional({
    default: 600,
    description: 'customers one staff member may serve before it counts as a blank',
  })
  @IsOptional()
  @Type(() => Number)
  @Min(1)
  @Max(1_000_000)
  @IsInt()
  customersPerStaff?: number;
}
