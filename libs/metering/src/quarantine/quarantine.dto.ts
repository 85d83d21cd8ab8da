import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

export class QuarantineQueryDto {
  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
  @ApiPropertyOptional({ description: 'page: items with a smaller id' })
  @IsOptional()
  @Matches(/^\d{1,19}$/)
  before?: string;
  @ApiPropertyOptional({ description: 'only topics starting with this' })
  @IsOptional()
  @IsString()
  topic?: string;
}
