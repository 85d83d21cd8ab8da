import { Module } from '@nestjs/common';
import { GridModule } from '@gridcell/grid';
import { MetersController } from './api/meters.controller';
import { MeteringModule } from './metering.module';
import { QuarantineController } from './quarantine/quarantine.controller';
import { QuarantineService } from './quarantine/quarantine.service';

/** HTTP surface of meter data: usage, raw readings, and the quarantine for administrators. */
@Module({
  imports: [MeteringModule, GridModule],
  controllers: [MetersController, QuarantineController],
  providers: [QuarantineService],
})
export class MeterDataApiModule {}
