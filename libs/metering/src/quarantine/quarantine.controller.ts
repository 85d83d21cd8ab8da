import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@gridcell/identity';
import { QuarantineQueryDto } from './quarantine.dto';
import { QuarantineService, type QuarantinePage } from './quarantine.service';

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
