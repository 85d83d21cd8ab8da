import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@gridcell/identity';
import { FaultReportService, type FaultReportResult } from '../fault-reports/fault-report.service';
import { FaultReportDto } from './work-order.dto';

@ApiTags('work-orders')
@ApiBearerAuth()
@Controller('api/v1/fault-reports')
export class FaultReportsController {
  constructor(private readonly reports: FaultReportService) {}

  @Post()
  @ApiCreatedResponse({
    description:
      'joined to the incident covering the meter (alreadyKnown when it was opened first), or the meter is asked and a work order opened; says what is known',
  })
  report(@CurrentPrincipal() who: Principal, @Body() body: FaultReportDto): Promise<FaultReportResult> {
    return this.reports.report(who, body.meterId, body.description ?? null);
  }
}
