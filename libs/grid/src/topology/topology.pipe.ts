import { Injectable, type PipeTransform } from '@nestjs/common';
import type { TopologyBody } from '@gridcell/contracts';
import { TopologyRejected } from './topology.importer';
import { parseTopology } from './topology.parser';

/** Validates a topology body at the HTTP edge: 400 with every problem and its path. */
@Injectable()
export class TopologyPipe implements PipeTransform<unknown, TopologyBody> {
  transform(value: unknown): TopologyBody {
    const parsed = parseTopology(value);
    if (!parsed.ok) throw new TopologyRejected(parsed.errors);
    return parsed.body;
  }
}
