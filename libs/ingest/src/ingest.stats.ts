import { Injectable } from '@nestjs/common';

/** Counters exposed by the ingest process's health endpoint and logs. */
@Injectable()
export class IngestStats {
  received = 0;
  /** performance.now() of the first message received, for throughput figures. */
  firstReceivedAt: number | null = null;
  acked = 0;
  readings = 0;
  quarantined = 0;
  commits = 0;
  commitFailures = 0;
}
