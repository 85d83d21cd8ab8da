import { ApiProperty } from '@nestjs/swagger';

class TopologyCountsDto {
  @ApiProperty() feeders!: number;
  @ApiProperty() transformers!: number;
  @ApiProperty() gateways!: number;
  @ApiProperty() cells!: number;
  @ApiProperty() customers!: number;
  @ApiProperty() meters!: number;
  @ApiProperty() staff!: number;
}

/** The answer to `PUT /api/v1/topology`: the counts applied (CONTRACT 2), and what changed. */
export class TopologyImportResultDto extends TopologyCountsDto {
  @ApiProperty({
    type: TopologyCountsDto,
    description: 'items that were new or differed from what was stored',
  })
  changed!: TopologyCountsDto;

  @ApiProperty({ description: 'sign-ins created for staff and customers who had none' })
  accountsCreated!: number;
}
