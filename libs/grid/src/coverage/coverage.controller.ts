import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@gridcell/identity';
import { AccessPolicy } from '../access/access.policy';
import { CoverageQueryDto } from './coverage.dto';
import { CoverageService, type CoverageReport } from './coverage.service';

@ApiTags('coverage')
@ApiBearerAuth()
@Controller('api/v1/coverage')
export class CoverageController {
  constructor(
    private readonly coverage: CoverageService,
    private readonly policy: AccessPolicy,
  ) {}

  @Get()
  @Roles('administrator', 'dispatcher', 'staff')
  @ApiOkResponse({
    description:
      'every blank: cells without posts or anyone on duty, unassigned assets, overloaded staff (staff: their own cells)',
  })
  async report(@CurrentPrincipal() who: Principal, @Query() q: CoverageQueryDto): Promise<CoverageReport> {
    return this.coverage.report(q.customersPerStaff ?? 600, await this.policy.scopeOf(who));
  }
}
