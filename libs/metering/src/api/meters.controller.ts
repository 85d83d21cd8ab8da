import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { MeterAccess } from '@gridcell/grid';
import { CurrentPrincipal, type Principal } from '@gridcell/identity';
import { UsageService } from '../usage/usage.service';
import { ReadingDto, ReadingsQueryDto, UsageBucketDto, UsageQueryDto } from './meter-data.dto';
import { MAX_RANGE_DAYS, timeRange } from '@gridcell/api-kit';

@ApiTags('meters')
@ApiBearerAuth()
@Controller('api/v1/meters')
export class MetersController {
  constructor(
    private readonly access: MeterAccess,
    private readonly usage: UsageService,
  ) {}

  @Get(':meterId/usage')
  @ApiOkResponse({
    type: [UsageBucketDto],
    description: 'energy consumed per bucket; day/month buckets start at local midnight in GRID_TIMEZONE',
  })
  async getUsage(
    @CurrentPrincipal() who: Principal,
    @Param('meterId') meterId: string,
    @Query() q: UsageQueryDto,
  ): Promise<UsageBucketDto[]> {
    const granularity = q.granularity ?? 'day';
    const { from, to } = timeRange(q, MAX_RANGE_DAYS[granularity]);
    return this.usage.usage((await this.access.visibleMeter(who, meterId)).num, from, to, granularity);
  }

  @Get(':meterId/readings')
  @ApiOkResponse({ type: [ReadingDto] })
  async getReadings(
    @CurrentPrincipal() who: Principal,
    @Param('meterId') meterId: string,
    @Query() q: ReadingsQueryDto,
  ): Promise<ReadingDto[]> {
    const { from, to } = timeRange(q, MAX_RANGE_DAYS.readings);
    return this.usage.readings((await this.access.visibleMeter(who, meterId)).num, from, to, q.limit ?? 1000);
  }
}
