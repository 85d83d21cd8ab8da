import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@gridcell/identity';
import { CoverageQueryDto } from './coverage.dto';
import { CoverageService, type CoverageReport } from './coverage.service';

@ApiTags('coverage')
@ApiBearerAuth()
@Controller('api/v1/coverage')
export class CoverageController {
  constructor(private readonly coverage: CoverageService) {}

  @Get()
  @Roles('administrator', 'dispatcher')
  @ApiOkResponse({
    description: 'every blank in the territory: cells without posts, unassigned assets, overloaded staff',
  })
  report(@Query() q: CoverageQueryDto): Promise<CoverageReport> {
    return this.coverage.report(q.customersPerStaff ?? 600);
  }
}
