import { Global, Module } from '@nestjs/common';
import { GridConfig, loadConfig } from './grid-config';

/** Provides the validated {@link GridConfig}; validation happens once, when the module is built. */
@Global()
@Module({ providers: [{ provide: GridConfig, useFactory: () => loadConfig() }], exports: [GridConfig] })
export class ConfigModule {}
