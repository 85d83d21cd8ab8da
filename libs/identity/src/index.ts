export * from './user.entity';
export * from './principal';
export * from './password.hasher';
export * from './auth.service';
export * from './access.decorators';
export * from './identity.module';
