import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GridModule } from '@gridcell/grid';
import { BrokerLinkModule } from '@gridcell/messaging';
import { NotificationsModule } from '@gridcell/notifications';
import { AuditController } from './api/audit.controller';
import { CaseLedger } from './api/case-ledger';
import { FaultReportsController } from './api/fault-reports.controller';
import { WorkOrdersController } from './api/work-orders.controller';
import { FaultReport } from './entities/fault-report.entity';
import { SlaPause } from './entities/sla-pause.entity';
import { WorkOrderHistory } from './entities/work-order-history.entity';
import { WorkOrder } from './entities/work-order.entity';
import { FaultReportService } from './fault-reports/fault-report.service';
import { MeterProbe } from './fault-reports/meter-probe';
import { IncidentOrdersPlanner } from './jobs/incident-orders.planner';
import { SlaSweeper } from './jobs/sla.sweeper';
import { WorkOrderJobs } from './jobs/work-order.jobs';
import { SlaSettings } from './sla/sla.settings';
import { CreateWorkOrder } from './usecases/create-work-order';
import { OpenWorkOrder } from './usecases/open-work-order';
import { ReturnVisits } from './usecases/return-visits';
import { SlaPauses } from './usecases/sla-pauses';
import { WorkOrderSteps } from './usecases/work-order-steps';
import { WorkOrderQueries } from './work-order.queries';
import { WorkloadModule } from './workload/open-work.source';

/**
 * The service loop (受理-查处-反馈): work orders from incidents and from people, assigned by the A/B
 * rule, on SLA clocks with supervised stop-clock, closed only after the customer is answered.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([WorkOrder, WorkOrderHistory, SlaPause, FaultReport]),
    GridModule,
    NotificationsModule,
    BrokerLinkModule,
    WorkloadModule,
  ],
  controllers: [WorkOrdersController, FaultReportsController, AuditController],
  providers: [
    SlaSettings,
    CreateWorkOrder,
    OpenWorkOrder,
    WorkOrderSteps,
    SlaPauses,
    ReturnVisits,
    WorkOrderQueries,
    CaseLedger,
    MeterProbe,
    FaultReportService,
    IncidentOrdersPlanner,
    SlaSweeper,
    WorkOrderJobs,
  ],
  exports: [CreateWorkOrder, WorkOrderJobs],
})
export class WorkOrdersModule {}
