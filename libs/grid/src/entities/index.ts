export * from './feeder.entity';
export * from './cell.entity';
export * from './transformer.entity';
export * from './gateway.entity';
export * from './customer.entity';
export * from './meter.entity';
export * from './staff.entity';
export * from './staff-cell.entity';
