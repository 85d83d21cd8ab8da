import { Injectable } from '@nestjs/common';
import type { WorkOrderType } from '@gridcell/contracts';
import { GridConfig } from '@gridcell/config';
import type { SlaCalendar } from './sla.clock';
import { AREA_CLASSES, slaTargets, type AreaClass, type SlaTarget } from './sla.targets';

/** The service-clock targets and the territory's working calendar, from configuration. */
@Injectable()
export class SlaSettings {
  readonly calendar: SlaCalendar;
  private readonly targets: Record<WorkOrderType, Record<AreaClass, SlaTarget>>;

  constructor(config: GridConfig) {
    this.targets = slaTargets(config.SLA_TARGETS);
    this.calendar = {
      timeZone: config.GRID_TIMEZONE,
      holidays: new Set(
        (config.SLA_HOLIDAYS ?? '')
          .split(',')
          .map((d) => d.trim())
          .filter(Boolean),
      ),
    };
  }

  target(type: WorkOrderType, areaClass: string): SlaTarget {
    const cls = (AREA_CLASSES as readonly string[]).includes(areaClass) ? (areaClass as AreaClass) : 'rural';
    return this.targets[type][cls];
  }
}
