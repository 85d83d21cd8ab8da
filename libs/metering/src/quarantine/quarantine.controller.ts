import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Roles } from '@gridcell/identity';
import { QuarantineService, type QuarantinePage } from './quarantine.service';

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

@ApiTags('quarantine')
@ApiBearerAuth()
@Controller('api/v1/quarantine')
export class QuarantineController {
  constructor(private readonly quarantine: QuarantineService) {}

  @Get()
  @Roles('administrator')
  list(@Query() q: QuarantineQueryDto): Promise<QuarantinePage> {
    return this.quarantine.list(q.limit ?? 100, q.before, q.topic);
  }
}
