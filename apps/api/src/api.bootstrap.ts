import { ValidationPipe, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { loadConfig } from '@gridcell/config';

/** Builds and starts the HTTP app around `rootModule` (the API alone, or the all-in-one platform). */
export async function startHttpApp(rootModule: Type<unknown>): Promise<INestApplication> {
  const config = loadConfig();
  const app = await NestFactory.create<NestExpressApplication>(rootModule, { bufferLogs: false });
  // A county's topology arrives in one request.
  app.useBodyParser('json', { limit: '256mb' });
  app.useGlobalPipes(
    new ValidationPipe({ transform: true, whitelist: true, validationError: { target: false } }),
  );
  app.enableShutdownHooks();
  const openApi = new DocumentBuilder()
    .setTitle('GridCell API')
    .setDescription(
      'Rural electricity service platform: territory, meter data, incidents and work. See CONTRACT v1.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
  try {
    await app.listen(config.PORT, '0.0.0.0');
  } catch (error) {
    await app.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`PORT ${config.PORT} is already in use — set PORT to a free port`, { cause: error });
    }
    throw error;
  }
  return app;
}
