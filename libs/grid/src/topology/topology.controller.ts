import { Body, Controller, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@gridcell/identity';
import { TopologyCountsDto, TopologyDto } from './topology.dto';
import { TopologyImporter } from './topology.importer';

@ApiTags('topology')
@ApiBearerAuth()
@Controller('api/v1/topology')
export class TopologyController {
  constructor(private readonly importer: TopologyImporter) {}

  @Put()
  @Roles('administrator')
  @ApiOkResponse({
    type: TopologyCountsDto,
    description: 'counts applied; 400 lists every error and applies nothing',
  })
  put(@Body() body: TopologyDto): Promise<TopologyCountsDto> {
    return this.importer.apply(body);
  }
}
