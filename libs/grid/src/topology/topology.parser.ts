import Ajv, { type ErrorObject } from 'ajv';
import {
  ID_PATTERN_SOURCE,
  TOPOLOGY_SCHEMA,
  type CellBoundary,
  type TopologyBody,
} from '@gridcell/contracts';

/** Errors listed in one answer; beyond this the answer says how many more there are. */
export const MAX_LISTED_ERRORS = 10_000;

// removeAdditional drops fields outside the schema, as the HTTP edge's whitelist does elsewhere.
const ajv = new Ajv({ allErrors: true, removeAdditional: 'all', discriminator: true, strict: false });
const validateSchema = ajv.compile<TopologyBody>(TOPOLOGY_SCHEMA);

export type ParsedTopology = { ok: true; body: TopologyBody } | { ok: false; errors: string[] };

/**
 * Checks a topology body's shape (CONTRACT 2) and the geometry of cell boundaries, and returns it
 * typed, or every problem with its path (`meters[3].id: must be 1-64 characters of [A-Za-z0-9._-]`).
 * Fields outside the schema are removed. References between items are checked by validateTopology.
 */
export function parseTopology(input: unknown): ParsedTopology {
  if (validateSchema(input)) {
    const errors = (input.cells ?? []).flatMap((c, i) =>
      c.boundary ? boundaryErrors(`cells[${i}].boundary`, c.boundary) : [],
    );
    return errors.length ? { ok: false, errors: capped(errors) } : { ok: true, body: input };
  }
  return { ok: false, errors: capped((validateSchema.errors ?? []).map(describe)) };
}

/** At most MAX_LISTED_ERRORS, then a line that says how many were left out. */
export function capped(errors: string[]): string[] {
  if (errors.length <= MAX_LISTED_ERRORS) return errors;
  return [
    ...errors.slice(0, MAX_LISTED_ERRORS),
    `… and ${errors.length - MAX_LISTED_ERRORS} more errors (the first ${MAX_LISTED_ERRORS} are listed)`,
  ];
}

/** RFC 7946 3.1.6: a linear ring is closed — its last position equals its first. */
function boundaryErrors(path: string, boundary: CellBoundary): string[] {
  const polygons = boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.coordinates;
  return polygons.flatMap((rings, p) =>
    rings.flatMap((ring, r) => {
      const first = ring[0];
      const last = ring[ring.length - 1];
      const closed = first.length === last.length && first.every((v, k) => v === last[k]);
      const at = boundary.type === 'Polygon' ? `coordinates[${r}]` : `coordinates[${p}][${r}]`;
      return closed
        ? []
        : [`${path}.${at}: a ring must end where it starts (last position equal to the first)`];
    }),
  );
}

function describe(e: ErrorObject): string {
  const path = e.instancePath
    .split('/')
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('')
    .replace(/^\./, '');
  const at = (p: string) => p || '(body)';
  switch (e.keyword) {
    case 'required':
      return `${path ? `${path}.` : ''}${(e.params as { missingProperty: string }).missingProperty}: is required`;
    case 'pattern':
      if ((e.params as { pattern: string }).pattern === ID_PATTERN_SOURCE)
        return `${at(path)}: must be 1-64 characters of [A-Za-z0-9._-]`;
      return `${at(path)}: ${e.message}`;
    case 'enum':
      return `${at(path)}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'discriminator':
      return `${at(path)}: must be a GeoJSON geometry of type "Polygon" or "MultiPolygon"`;
    default:
      return `${at(path)}: ${e.message}`;
  }
}
