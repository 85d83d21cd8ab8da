import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Pool } from 'pg';
import { Public } from '@gridcell/identity';
import { BrokerLink } from '@gridcell/messaging';

interface HealthReport {
  status: 'ok' | 'unavailable';
  database: 'up' | 'down';
  broker: 'up' | 'down';
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly pool: Pool,
    private readonly broker: BrokerLink,
  ) {}

  @Public()
  @Get()
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    const database = await this.pool.query('SELECT 1').then(
      () => 'up' as const,
      () => 'down' as const,
    );
    const broker = this.broker.connected ? 'up' : 'down';
    const ok = database === 'up' && broker === 'up';
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : 'unavailable', database, broker };
  }
}
