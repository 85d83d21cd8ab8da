export * from './notification.entity';
export * from './notification.channel';
export * from './notification.service';
export * from './notifications.module';
