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
  @ApiOkResponse({
    description:
      "cells with their A/B posts, duty in force and counts (staff: their own and their neighbours')",
  })
  cells(@CurrentPrincipal() who: Principal): Promise<CellView[]> {
    return this.territory.cells(who);
  }

  @Get('cells/:cellId')
  @Roles('administrator', 'dispatcher', 'staff')
  async cell(@CurrentPrincipal() who: Principal, @Param('cellId') cellId: string): Promise<CellView> {
    return (await this.territory.cells(who, cellId))[0];
  }

  @Get('transformers/:transformerId')
  @Roles('administrator', 'dispatcher', 'staff')
  @ApiOkResponse({
    description: 'a transformer area with its concentrators and meters, each with its latest reading',
  })
  transformer(
    @CurrentPrincipal() who: Principal,
    @Param('transformerId') transformerId: string,
  ): Promise<TransformerView> {
    return this.territory.transformer(who, transformerId);
  }

  @Get('customers/:customerId')
  @ApiOkResponse({
    description:
      'a customer with their meters (customers: only themselves; staff: customers of their cells and neighbours)',
  })
  customer(
    @CurrentPrincipal() who: Principal,
    @Param('customerId') customerId: string,
  ): Promise<CustomerView> {
    return this.territory.customer(who, customerId);
  }
}
