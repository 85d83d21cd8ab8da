export * from './work-orders.module';
export * from './entities/work-order.entity';
export * from './entities/work-order-history.entity';
export * from './entities/sla-pause.entity';
export * from './entities/fault-report.entity';
export * from './jobs/work-order.jobs';
export * from './usecases/create-work-order';
