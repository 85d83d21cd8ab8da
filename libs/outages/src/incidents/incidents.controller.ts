import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { IncidentDetailView, IncidentView } from '@gridcell/contracts';
import { CurrentPrincipal, type Principal } from '@gridcell/identity';
import { IncidentsQueryDto } from './incident.dto';
import { IncidentQueries } from './incident.queries';

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/v1/incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentQueries) {}

  @Get()
  @ApiOkResponse({
    description:
      'incidents newest first, filtered by status and by start time (from inclusive, to exclusive); customers: those covering their meters, staff: those of their cells and neighbours',
  })
  list(@CurrentPrincipal() who: Principal, @Query() q: IncidentsQueryDto): Promise<IncidentView[]> {
    return this.incidents.list(who, {
      status: q.status ?? 'all',
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      limit: q.limit ?? 500,
    });
  }

  @Get(':incidentId')
  @ApiOkResponse({ description: 'one incident with its meters (customers: their own meters only)' })
  one(
    @CurrentPrincipal() who: Principal,
    @Param('incidentId', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
  ): Promise<IncidentDetailView> {
    return this.incidents.one(who, id);
  }
}
