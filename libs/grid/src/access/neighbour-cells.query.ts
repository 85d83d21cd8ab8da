import type { DataSource } from 'typeorm';

/** Cells beside a cell: sharing one of its feeders, or among the nearest few within a distance. */
export interface NeighbourLink {
  /** The cell whose neighbour this is. */
  ofCellId: string;
  cellId: string;
  /** Id of a feeder both cells hang on, if any. */
  sharedFeederId: string | null;
  /** Between the centroids of their transformers; null when either lacks coordinates. */
  distanceKm: number | null;
}

/** Neighbours by distance considered beside those sharing a feeder, and how far one may be. */
export const NEAREST_CELLS = 3;
export const NEIGHBOUR_MAX_KM = 30;

/**
 * The neighbours of each of `cellIds`: every cell sharing a feeder with it, and its NEAREST_CELLS
 * nearest cells within NEIGHBOUR_MAX_KM (by the centroid of their transformers). Who covers for
 * whom (assignment) and what staff may read (access) both use this one definition.
 */
export async function neighbourCells(db: DataSource, cellIds: string[]): Promise<NeighbourLink[]> {
  if (!cellIds.length) return [];
  const rows = await db.query<
    { of_cell: string; cell_id: string; feeder_id: string | null; km: number | null }[]
  >(
    `WITH centroid AS (
       SELECT cell_id, avg(lat) AS lat, avg(lon) AS lon FROM transformers
       WHERE cell_id IS NOT NULL AND lat IS NOT NULL AND lon IS NOT NULL GROUP BY cell_id),
     distance AS (
       SELECT me.cell_id AS of_cell, o.cell_id,
              111.2 * sqrt(power(o.lat - me.lat, 2) + power((o.lon - me.lon) * cos(radians(me.lat)), 2)) AS km
       FROM centroid me JOIN centroid o ON o.cell_id <> me.cell_id WHERE me.cell_id = ANY($1::text[])),
     feeder AS (
       SELECT DISTINCT ON (t.cell_id, t2.cell_id) t.cell_id AS of_cell, t2.cell_id, t.feeder_id FROM transformers t
       JOIN transformers t2 ON t2.feeder_id = t.feeder_id AND t2.cell_id IS NOT NULL AND t2.cell_id <> t.cell_id
       WHERE t.cell_id = ANY($1::text[]) ORDER BY t.cell_id, t2.cell_id, t.feeder_id),
     nearest AS (
       SELECT of_cell, cell_id FROM (
         SELECT of_cell, cell_id, row_number() OVER (PARTITION BY of_cell ORDER BY km, cell_id) AS rank
         FROM distance WHERE km <= $3) ranked
       WHERE rank <= $2)
     SELECT n.of_cell, n.cell_id, f.feeder_id, d.km
     FROM (SELECT of_cell, cell_id FROM feeder UNION SELECT of_cell, cell_id FROM nearest) n
     LEFT JOIN feeder f USING (of_cell, cell_id) LEFT JOIN distance d USING (of_cell, cell_id)
     ORDER BY n.of_cell, n.cell_id`,
    [cellIds, NEAREST_CELLS, NEIGHBOUR_MAX_KM],
  );
  return rows.map((r) => ({
    ofCellId: r.of_cell,
    cellId: r.cell_id,
    sharedFeederId: r.feeder_id,
    distanceKm: r.km === null ? null : Number(r.km),
  }));
}
