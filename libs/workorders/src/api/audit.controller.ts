import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { MAX_RANGE_DAYS, timeRange } from '@gridcell/api-kit';
import { Roles } from '@gridcell/identity';
import { CaseLedger } from './case-ledger';
import { LedgerQueryDto } from './work-order.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
@Roles('administrator')
export class AuditController {
  constructor(private readonly ledger: CaseLedger) {}

  @Get('work-orders')
  @Header('cache-control', 'no-store')
  @ApiOkResponse({
    description: 'every work order opened in from..to, with its closing and clocks (CSV or JSON)',
  })
  async orders(@Query() q: LedgerQueryDto, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    const { from, to } = timeRange(q, MAX_RANGE_DAYS.month);
    return send(res, q.format, 'work-orders', await this.ledger.orders(from, to));
  }

  @Get('work-order-history')
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ description: 'every history entry in from..to (CSV or JSON)' })
  async history(@Query() q: LedgerQueryDto, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    const { from, to } = timeRange(q, MAX_RANGE_DAYS.month);
    return send(res, q.format, 'work-order-history', await this.ledger.history(from, to));
  }
}

function send(
  res: Response,
  format: 'csv' | 'json' | undefined,
  name: string,
  rows: Record<string, unknown>[],
): unknown {
  if (format === 'json') return rows;
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${name}.csv"`);
  return CaseLedger.csv(rows);
}
