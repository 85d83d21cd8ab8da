import { Inject, Injectable, NotFoundException, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { neighbourCells } from '../access/neighbour-cells.query';
import { DutyService } from '../duty/duty.service';
import { chooseAssignee, type AssignmentDecision, type Candidate, type CellPosts } from './assignment.rules';
import { WORKLOAD_SOURCE, type WorkloadSource } from './workload.source';

interface PostRow {
  cell_id: string;
  role: 'primary' | 'backup';
  staff_id: string;
  name: string;
}

/** At or above this many open orders a person counts as fully loaded. */
export const MAX_OPEN_WORK = 5;

/**
 * Answers "who takes work in cell C now?" from the territory, duty states in force (calendar and
 * hand-made changes) and workload, by the A/B post rule of {@link chooseAssignee}. Work orders call
 * it; the decision carries its reason.
 */
@Injectable()
export class AssignmentService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly duty: DutyService,
    @Optional() @Inject(WORKLOAD_SOURCE) private readonly workload?: WorkloadSource,
  ) {}

  async whoTakes(cellId: string, options: { urgent?: boolean } = {}): Promise<AssignmentDecision> {
    const exists = await this.db.query<unknown[]>('SELECT 1 FROM cells WHERE id = $1', [cellId]);
    if (!exists.length) throw new NotFoundException(`cell "${cellId}" not found`);
    const neighbours = await neighbourCells(this.db, [cellId]);
    const posts = await this.db.query<PostRow[]>(
      `SELECT sc.cell_id, sc.role, s.id AS staff_id, s.name
       FROM staff_cells sc JOIN staff s ON s.id = sc.staff_id WHERE sc.cell_id = ANY($1::text[])`,
      [[cellId, ...neighbours.map((n) => n.cellId)]],
    );
    const people = [...new Set(posts.map((p) => p.staff_id))];
    const [duty, load] = await Promise.all([
      this.duty.effective(people),
      this.workload?.openWork(people) ?? new Map<string, number>(),
    ]);
    const postsOf = (id: string): CellPosts => {
      const rows = posts.filter((p) => p.cell_id === id);
      const candidate = (p: PostRow): Candidate => ({
        staffId: p.staff_id,
        name: p.name,
        dutyState: duty.get(p.staff_id)?.state ?? 'off_duty',
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
}
