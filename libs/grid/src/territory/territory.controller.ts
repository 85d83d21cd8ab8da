import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@gridcell/identity';
import {
  TerritoryQueries,
  type CellView,
  type CustomerView,
  type TransformerView,
} from './territory.queries';

@ApiTags('territory')
@ApiBearerAuth()
@Controller('api/v1')
export class TerritoryController {
  constructor(private readonly territory: TerritoryQueries) {}

  @Get('cells')
  @Roles('administrator', 'dispatcher', 'staff')
  @ApiOkResponse({ description: 'every cell with its A/B posts, duty states and counts' })
  cells(): Promise<CellView[]> {
    return this.territory.cells();
  }

  @Get('cells/:cellId')
  @Roles('administrator', 'dispatcher', 'staff')
  async cell(@Param('cellId') cellId: string): Promise<CellView> {
    return (await this.territory.cells(cellId))[0];
  }

  @Get('transformers/:transformerId')
  @Roles('administrator', 'dispatcher', 'staff')
  @ApiOkResponse({
    description: 'a transformer area with its concentrators and meters, each with its latest reading',
  })
  transformer(@Param('transformerId') transformerId: string): Promise<TransformerView> {
    return this.territory.transformer(transformerId);
  }

  @Get('customers/:customerId')
  @ApiOkResponse({
    description: 'a customer with their meters (customers: only themselves; staff: customers of their cells)',
  })
  customer(
    @CurrentPrincipal() who: Principal,
    @Param('customerId') customerId: string,
  ): Promise<CustomerView> {
    return this.territory.customer(who, customerId);
  }
}
