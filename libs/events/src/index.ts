export * from './domain-event.entity';
export * from './event.outbox';
export * from './event.feed';
export * from './consumer-cursor.entity';
export * from './consumer-cursor';
