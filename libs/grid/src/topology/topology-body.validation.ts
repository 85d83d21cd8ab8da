import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { TopologyDto } from './topology.dto';

/**
 * The HTTP edge's validation (the global ValidationPipe) for bodies that arrive another way, such
 * as a CSV import: every problem with its path, e.g. `meters.3.id must be …`.
 */
export async function validateTopologyBody(body: unknown): Promise<{ dto: TopologyDto; errors: string[] }> {
  const dto = plainToInstance(TopologyDto, body);
  const errors = await validate(dto, { whitelist: true, forbidUnknownValues: false });
  return { dto, errors: errors.flatMap((e) => flatten(e, '')) };
}

function flatten(error: ValidationError, parent: string): string[] {
  const path = parent ? `${parent}.${error.property}` : error.property;
  const own = Object.values(error.constraints ?? {}).map((m) => `${path}: ${m}`);
  return own.concat((error.children ?? []).flatMap((child) => flatten(child, path)));
}
