import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DutyState } from '../entities/staff.entity';
import {
  chooseAssignee,
  type AssignmentDecision,
  type Candidate,
  type CellPosts,
  type NeighbourCell,
} from './assignment.rules';
import { WORKLOAD_SOURCE, type WorkloadSource } from './workload.source';

interface PostRow {
  cell_id: string;
  role: 'primary' | 'backup';
  staff_id: string;
  name: string;
  duty_state: DutyState;
}

/** Neighbours by distance considered beside those sharing a feeder, and how far a neighbour may be. */
const NEAREST_CELLS = 3;
export const NEIGHBOUR_MAX_KM = 30;
export const MAX_OPEN_WORK = 5;

/**
 * Answers "who takes work in cell C now?" from the territory, duty states and workload, by the
 * A/B post rule of {@link chooseAssignee}. Work orders call it; the decision carries its reason.
 */
@Injectable()
export class AssignmentService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(WORKLOAD_SOURCE) private readonly workload: WorkloadSource,
  ) {}

  async whoTakes(cellId: string, options: { urgent?: boolean } = {}): Promise<AssignmentDecision> {
    const exists = await this.db.query<unknown[]>('SELECT 1 FROM cells WHERE id = $1', [cellId]);
    if (!exists.length) throw new NotFoundException(`cell "${cellId}" not found`);
    const neighbours = await this.neighbours(cellId);
    const posts = await this.db.query<PostRow[]>(
      `SELECT sc.cell_id, sc.role, s.id AS staff_id, s.name, s.duty_state
       FROM staff_cells sc JOIN staff s ON s.id = sc.staff_id WHERE sc.cell_id = ANY($1::text[])`,
      [[cellId, ...neighbours.map((n) => n.cellId)]],
    );
    const load = await this.workload.openWork([...new Set(posts.map((p) => p.staff_id))]);
    const postsOf = (id: string): CellPosts => {
      const rows = posts.filter((p) => p.cell_id === id);
      const candidate = (p: PostRow): Candidate => ({
        staffId: p.staff_id,
        name: p.name,
        dutyState: p.duty_state,
        openWork: load.get(p.staff_id) ?? 0,
      });
      const primary = rows.find((p) => p.role === 'primary');
      return {
        cellId: id,
        primary: primary ? candidate(primary) : null,
        backups: rows.filter((p) => p.role === 'backup').map(candidate),
      };
    };
    return chooseAssignee(
      postsOf(cellId),
      neighbours.map((n) => ({
        ...postsOf(n.cellId),
        sharedFeederId: n.sharedFeederId,
        distanceKm: n.distanceKm,
      })),
      { urgent: options.urgent ?? false, maxOpenWork: MAX_OPEN_WORK },
    );
  }

  /** Cells sharing a feeder with this one, and the nearest few (within NEIGHBOUR_MAX_KM) by the centroid of their transformers. */
  private async neighbours(cellId: string): Promise<Omit<NeighbourCell, 'primary' | 'backups'>[]> {
    const rows = await this.db.query<{ cell_id: string; feeder_id: string | null; km: number | null }[]>(
      `WITH centroid AS (
         SELECT cell_id, avg(lat) AS lat, avg(lon) AS lon FROM transformers
         WHERE cell_id IS NOT NULL AND lat IS NOT NULL AND lon IS NOT NULL GROUP BY cell_id),
       me AS (SELECT * FROM centroid WHERE cell_id = $1),
       distance AS (
         SELECT o.cell_id, 111.2 * sqrt(power(o.lat - me.lat, 2) + power((o.lon - me.lon) * cos(radians(me.lat)), 2)) AS km
         FROM centroid o, me WHERE o.cell_id <> $1),
       feeder AS (
         SELECT DISTINCT ON (t2.cell_id) t2.cell_id, t.feeder_id FROM transformers t
         JOIN transformers t2 ON t2.feeder_id = t.feeder_id AND t2.cell_id IS NOT NULL AND t2.cell_id <> $1
         WHERE t.cell_id = $1 ORDER BY t2.cell_id, t.feeder_id),
       nearest AS (SELECT cell_id FROM distance WHERE km <= $3 ORDER BY km LIMIT $2)
       SELECT c.cell_id, f.feeder_id, d.km
       FROM (SELECT cell_id FROM feeder UNION SELECT cell_id FROM nearest) c
       LEFT JOIN feeder f USING (cell_id) LEFT JOIN distance d USING (cell_id)`,
      [cellId, NEAREST_CELLS, NEIGHBOUR_MAX_KM],
    );
    return rows.map((r) => ({
      cellId: r.cell_id,
      sharedFeederId: r.feeder_id,
      distanceKm: r.km === null ? null : Number(r.km),
    }));
  }
}
