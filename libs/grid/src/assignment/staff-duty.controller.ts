import { Body, Controller, ForbiddenException, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@gridcell/identity';
import { AssignmentService } from './assignment.service';
import { AssigneeQueryDto, AssignmentDecisionDto, DutyChangeDto, DutyChangeRequestDto } from './duty.dto';
import { DutyService } from './duty.service';

/** Dispatchers and administrators manage anyone's duty; staff their own. */
function mayManage(who: Principal, staffId: string): void {
  if (
    who.role === 'administrator' ||
    who.role === 'dispatcher' ||
    (who.role === 'staff' && who.staffId === staffId)
  )
    return;
  throw new ForbiddenException('only dispatchers, administrators and the staff member themself may do this');
}

@ApiTags('staff')
@ApiBearerAuth()
@Controller('api/v1')
export class StaffDutyController {
  constructor(
    private readonly duty: DutyService,
    private readonly assignment: AssignmentService,
  ) {}

  @Put('staff/:staffId/duty')
  @Roles('administrator', 'dispatcher', 'staff')
  @ApiOkResponse({ type: DutyChangeDto })
  setDuty(
    @CurrentPrincipal() who: Principal,
    @Param('staffId') staffId: string,
    @Body() body: DutyChangeRequestDto,
  ): Promise<DutyChangeDto> {
    mayManage(who, staffId);
    return this.duty.set(staffId, body.state, body.reason ?? null, who.username);
  }

  @Get('staff/:staffId/duty-history')
  @Roles('administrator', 'dispatcher', 'staff')
  @ApiOkResponse({ type: [DutyChangeDto] })
  dutyHistory(
    @CurrentPrincipal() who: Principal,
    @Param('staffId') staffId: string,
  ): Promise<DutyChangeDto[]> {
    mayManage(who, staffId);
    return this.duty.history(staffId);
  }

  @Get('cells/:cellId/assignee')
  @Roles('administrator', 'dispatcher', 'staff')
  @ApiOkResponse({ type: AssignmentDecisionDto, description: 'who takes work in this cell now, and why' })
  assignee(@Param('cellId') cellId: string, @Query() q: AssigneeQueryDto): Promise<AssignmentDecisionDto> {
    return this.assignment.whoTakes(cellId, { urgent: q.urgent });
  }
}
