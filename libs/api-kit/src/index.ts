export * from './time-range';
export * from './time-range.dto';
