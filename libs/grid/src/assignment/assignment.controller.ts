import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@gridcell/identity';
import { AccessPolicy } from '../access/access.policy';
import { AssigneeQueryDto, AssignmentDecisionDto } from './assignment.dto';
import { AssignmentService } from './assignment.service';

@ApiTags('staff')
@ApiBearerAuth()
@Controller('api/v1/cells')
export class AssignmentController {
  constructor(
    private readonly assignment: AssignmentService,
    private readonly policy: AccessPolicy,
  ) {}

  @Get(':cellId/assignee')
  @Roles('administrator', 'dispatcher', 'staff')
  @ApiOkResponse({ type: AssignmentDecisionDto, description: 'who takes work in this cell now, and why' })
  async assignee(
    @CurrentPrincipal() who: Principal,
    @Param('cellId') cellId: string,
    @Query() q: AssigneeQueryDto,
  ): Promise<AssignmentDecisionDto> {
    await this.policy.cellAccess(who, cellId);
    return this.assignment.whoTakes(cellId, { urgent: q.urgent });
  }
}
