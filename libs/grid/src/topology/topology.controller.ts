import { Body, Controller, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { TOPOLOGY_SCHEMA, type TopologyBody } from '@gridcell/contracts';
import { Roles } from '@gridcell/identity';
import { TopologyImportResultDto } from './topology-import.dto';
import { TopologyImporter } from './topology.importer';
import { TopologyPipe } from './topology.pipe';

@ApiTags('topology')
@ApiBearerAuth()
@Controller('api/v1/topology')
export class TopologyController {
  constructor(private readonly importer: TopologyImporter) {}

  @Put()
  @Roles('administrator')
  @ApiBody({ schema: TOPOLOGY_SCHEMA as unknown as SchemaObject })
  @ApiOkResponse({
    type: TopologyImportResultDto,
    description: 'counts applied; 400 lists every error with its path and applies nothing',
  })
  put(@Body(TopologyPipe) body: TopologyBody): Promise<TopologyImportResultDto> {
    return this.importer.apply(body);
  }
}
