import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { TimeRangeQueryDto } from '@gridcell/api-kit';
import {
  ID_PATTERN,
  PAUSE_REASONS,
  WORK_ORDER_STATUSES,
  WORK_ORDER_TYPES,
  type PauseReason,
  type WorkOrderStatus,
  type WorkOrderType,
} from '@gridcell/contracts';
import { STEPS, type Step } from '../lifecycle/work-order.lifecycle';

const ID_MESSAGE = { message: '$property must be 1-64 characters of [A-Za-z0-9._-]' };

export class WorkOrdersQueryDto {
  @ApiPropertyOptional({ enum: [...WORK_ORDER_STATUSES, 'open'] })
  @IsOptional()
  @IsIn([...WORK_ORDER_STATUSES, 'open'])
  status?: WorkOrderStatus | 'open';

  @ApiPropertyOptional() @IsOptional() @IsUUID() incidentId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, ID_MESSAGE) cellId?: string;
  @ApiPropertyOptional({ enum: WORK_ORDER_TYPES }) @IsOptional() @IsIn(WORK_ORDER_TYPES) type?: WorkOrderType;
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, ID_MESSAGE) assigneeId?: string;

  @ApiPropertyOptional({ enum: ['on_track', 'at_risk', 'overdue', 'paused', 'met', 'missed'] })
  @IsOptional()
  @IsIn(['on_track', 'at_risk', 'overdue', 'paused', 'met', 'missed'])
  sla?: string;

  @ApiPropertyOptional({ default: 500, maximum: 5000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;
}

export class CreateWorkOrderDto {
  @ApiProperty({
    enum: WORK_ORDER_TYPES,
    description: 'customers may open complaint, billing_inquiry, connection_request, meter_fault',
  })
  @IsIn(WORK_ORDER_TYPES)
  type!: WorkOrderType;

  @ApiProperty() @IsString() @Length(1, 200) title!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 4000) description?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, ID_MESSAGE) meterId?: string;
  @ApiPropertyOptional({ description: 'staff and dispatchers opening work for a customer' })
  @IsOptional()
  @Matches(ID_PATTERN, ID_MESSAGE)
  customerId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(ID_PATTERN, ID_MESSAGE) cellId?: string;
}

export class StepDto {
  @ApiProperty({ enum: STEPS }) @IsIn(STEPS) step!: Step;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000) note?: string;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(-90) @Max(90) lat?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(-180) @Max(180) lon?: number;
  @ApiPropertyOptional({ description: 'assign: who takes it' })
  @IsOptional()
  @Matches(ID_PATTERN, ID_MESSAGE)
  assigneeId?: string;
  @ApiPropertyOptional({ description: 'cancel: why' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class AnswerDto {
  @ApiProperty() @IsString() @Length(1, 4000) text!: string;
}

export class RatingDto {
  @ApiProperty({ minimum: 1, maximum: 5 }) @IsInt() @Min(1) @Max(5) score!: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000) comment?: string;
}

export class PauseRequestDto {
  @ApiProperty({ enum: PAUSE_REASONS }) @IsIn(PAUSE_REASONS) reason!: PauseReason;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 500) note?: string;
}

export class PauseDecisionDto {
  @ApiProperty() @IsBoolean() approve!: boolean;
}

export class FaultReportDto {
  @ApiProperty() @Matches(ID_PATTERN, ID_MESSAGE) meterId!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000) description?: string;
}

export class LedgerQueryDto extends TimeRangeQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'json'], default: 'csv' })
  @IsOptional()
  @IsIn(['csv', 'json'])
  format?: 'csv' | 'json';
}
