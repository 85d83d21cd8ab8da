export * from './user.entity';
