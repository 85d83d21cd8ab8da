import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { WorkOrderHistoryEntry, WorkOrderView } from '@gridcell/contracts';
import { CurrentPrincipal, Roles, type Principal } from '@gridcell/identity';
import { OpenWorkOrder } from '../usecases/open-work-order';
import { ReturnVisits } from '../usecases/return-visits';
import { SlaPauses, type PauseView } from '../usecases/sla-pauses';
import { WorkOrderSteps } from '../usecases/work-order-steps';
import { WorkOrderQueries } from '../work-order.queries';
import {
  AnswerDto,
  CreateWorkOrderDto,
  PauseDecisionDto,
  PauseRequestDto,
  RatingDto,
  StepDto,
  WorkOrdersQueryDto,
} from './work-order.dto';

const ORDER_ID = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

@ApiTags('work-orders')
@ApiBearerAuth()
@Controller('api/v1/work-orders')
export class WorkOrdersController {
  constructor(
    private readonly queries: WorkOrderQueries,
    private readonly opening: OpenWorkOrder,
    private readonly steps: WorkOrderSteps,
    private readonly pauses: SlaPauses,
    private readonly visits: ReturnVisits,
  ) {}

  @Get()
  @ApiOkResponse({
    description: 'work orders you may see, most urgent first; `status=open` for every open one',
  })
  list(@CurrentPrincipal() who: Principal, @Query() q: WorkOrdersQueryDto): Promise<WorkOrderView[]> {
    return this.queries.list(who, { ...q, limit: q.limit ?? 500 });
  }

  @Post()
  @ApiCreatedResponse({ description: 'opened, prioritised, on the clock and assigned by the A/B rule' })
  open(@CurrentPrincipal() who: Principal, @Body() body: CreateWorkOrderDto): Promise<WorkOrderView> {
    return this.opening.open(who, body);
  }

  @Get(':workOrderId')
  one(
    @CurrentPrincipal() who: Principal,
    @Param('workOrderId', ORDER_ID) id: string,
  ): Promise<WorkOrderView> {
    return this.queries.one(who, id);
  }

  @Post(':workOrderId/steps')
  @HttpCode(200)
  @ApiOkResponse({
    description: 'the order after the step; 409 when the step is not allowed from its status',
  })
  step(
    @CurrentPrincipal() who: Principal,
    @Param('workOrderId', ORDER_ID) id: string,
    @Body() body: StepDto,
  ): Promise<WorkOrderView> {
    return this.steps.step(who, id, body);
  }

  @Post(':workOrderId/answer')
  @HttpCode(200)
  @Roles('administrator', 'dispatcher', 'staff')
  @ApiOkResponse({
    description: 'the answer the customer sees; the first one stops the first-response clock',
  })
  answer(
    @CurrentPrincipal() who: Principal,
    @Param('workOrderId', ORDER_ID) id: string,
    @Body() body: AnswerDto,
  ): Promise<WorkOrderView> {
    return this.steps.answer(who, id, body.text);
  }

  @Post(':workOrderId/rating')
  @HttpCode(200)
  @Roles('customer')
  @ApiOkResponse({
    description: 'the return visit in the portal; a rating of 2 or less reopens and escalates',
  })
  rate(
    @CurrentPrincipal() who: Principal,
    @Param('workOrderId', ORDER_ID) id: string,
    @Body() body: RatingDto,
  ): Promise<WorkOrderView> {
    return this.visits.rate(who, id, body.score, body.comment ?? null, 'portal');
  }

  @Post(':workOrderId/return-visit')
  @HttpCode(200)
  @Roles('administrator', 'dispatcher', 'staff')
  @ApiOkResponse({ description: 'a phone return visit, with the rating the customer gave' })
  returnVisit(
    @CurrentPrincipal() who: Principal,
    @Param('workOrderId', ORDER_ID) id: string,
    @Body() body: RatingDto,
  ): Promise<WorkOrderView> {
    return this.visits.rate(who, id, body.score, body.comment ?? null, 'phone');
  }

  @Get(':workOrderId/history')
  @Roles('administrator', 'dispatcher', 'staff')
  @ApiOkResponse({ description: 'every action on the order, append-only' })
  history(
    @CurrentPrincipal() who: Principal,
    @Param('workOrderId', ORDER_ID) id: string,
  ): Promise<WorkOrderHistoryEntry[]> {
    return this.queries.history(who, id);
  }

  @Get(':workOrderId/pauses')
  @Roles('administrator', 'dispatcher', 'staff')
  listPauses(
    @CurrentPrincipal() who: Principal,
    @Param('workOrderId', ORDER_ID) id: string,
  ): Promise<PauseView[]> {
    return this.pauses.list(who, id);
  }

  @Post(':workOrderId/pauses')
  @Roles('administrator', 'dispatcher', 'staff')
  @ApiCreatedResponse({ description: 'a stop-clock request, waiting for a supervisor' })
  requestPause(
    @CurrentPrincipal() who: Principal,
    @Param('workOrderId', ORDER_ID) id: string,
    @Body() body: PauseRequestDto,
  ): Promise<PauseView> {
    return this.pauses.request(who, id, body.reason, body.note ?? null);
  }

  @Post(':workOrderId/pauses/:pauseId/decision')
  @HttpCode(200)
  @Roles('administrator', 'dispatcher')
  decidePause(
    @CurrentPrincipal() who: Principal,
    @Param('workOrderId', ORDER_ID) id: string,
    @Param('pauseId') pauseId: string,
    @Body() body: PauseDecisionDto,
  ): Promise<WorkOrderView> {
    return this.pauses.decide(who, id, pauseId, body.approve);
  }

  @Post(':workOrderId/pauses/:pauseId/end')
  @HttpCode(200)
  @Roles('administrator', 'dispatcher', 'staff')
  endPause(
    @CurrentPrincipal() who: Principal,
    @Param('workOrderId', ORDER_ID) id: string,
    @Param('pauseId') pauseId: string,
  ): Promise<WorkOrderView> {
    return this.pauses.end(who, id, pauseId);
  }
}
