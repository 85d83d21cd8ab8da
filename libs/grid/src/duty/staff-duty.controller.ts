import { Body, Controller, Delete, ForbiddenException, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { TimeRangeQueryDto, timeRange } from '@gridcell/api-kit';
import { CurrentPrincipal, Roles, type Principal } from '@gridcell/identity';
import { ShiftIdPipe } from './shift-id.pipe';
import { DutyChangeDto, DutyChangeRequestDto, EffectiveDutyDto, ShiftDto, ShiftRequestDto } from './duty.dto';
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

/** The longest calendar window one request may list. */
const MAX_CALENDAR_DAYS = 366;

@ApiTags('staff')
@ApiBearerAuth()
@Controller('api/v1/staff/:staffId')
@Roles('administrator', 'dispatcher', 'staff')
export class StaffDutyController {
  constructor(private readonly duty: DutyService) {}

  @Get('duty')
  @ApiOkResponse({ type: EffectiveDutyDto, description: 'the duty state in force now, and why' })
  current(@CurrentPrincipal() who: Principal, @Param('staffId') staffId: string): Promise<EffectiveDutyDto> {
    mayManage(who, staffId);
    return this.duty.effectiveOne(staffId);
  }

  @Put('duty')
  @ApiOkResponse({
    type: DutyChangeDto,
    description: 'holds until the calendar next turns (a shift starts or ends)',
  })
  setDuty(
    @CurrentPrincipal() who: Principal,
    @Param('staffId') staffId: string,
    @Body() body: DutyChangeRequestDto,
  ): Promise<DutyChangeDto> {
    mayManage(who, staffId);
    return this.duty.set(staffId, body.state, body.reason ?? null, who.username);
  }

  @Get('duty-history')
  @ApiOkResponse({ type: [DutyChangeDto] })
  dutyHistory(
    @CurrentPrincipal() who: Principal,
    @Param('staffId') staffId: string,
  ): Promise<DutyChangeDto[]> {
    mayManage(who, staffId);
    return this.duty.history(staffId);
  }

  @Get('shifts')
  @ApiOkResponse({
    type: [ShiftDto],
    description: 'calendar entries overlapping from..to (default: the last 7 days)',
  })
  shifts(
    @CurrentPrincipal() who: Principal,
    @Param('staffId') staffId: string,
    @Query() q: TimeRangeQueryDto,
  ): Promise<ShiftDto[]> {
    mayManage(who, staffId);
    const { from, to } = timeRange(q, MAX_CALENDAR_DAYS);
    return this.duty.shifts(staffId, from, to);
  }

  @Post('shifts')
  @Roles('administrator', 'dispatcher')
  @ApiCreatedResponse({ type: ShiftDto })
  addShift(
    @CurrentPrincipal() who: Principal,
    @Param('staffId') staffId: string,
    @Body() body: ShiftRequestDto,
  ): Promise<ShiftDto> {
    return this.duty.addShift(staffId, body, who.username);
  }

  @Delete('shifts/:shiftId')
  @Roles('administrator', 'dispatcher')
  @ApiOkResponse({ type: ShiftDto, description: 'the entry, cancelled (kept in the calendar history)' })
  cancelShift(
    @CurrentPrincipal() who: Principal,
    @Param('staffId') staffId: string,
    @Param('shiftId', ShiftIdPipe) shiftId: string,
  ): Promise<ShiftDto> {
    return this.duty.cancelShift(staffId, shiftId, who.username);
  }
}
