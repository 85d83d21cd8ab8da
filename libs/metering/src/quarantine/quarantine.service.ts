import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';

export interface QuarantineItem {
  id: string;
  receivedAt: string;
  topic: string;
  reason: string;
  payloadBytes: number;
  /** UTF-8 text when it is text, else base64 (see `payloadEncoding`). */
  payload: string;
  payloadEncoding: 'utf8' | 'base64';
}

export interface QuarantinePage {
  total: number;
  lastDay: number;
  items: QuarantineItem[];
}

/** Reads the dead-letter store for administrators, newest first. */
@Injectable()
export class QuarantineService {
  constructor(private readonly pool: Pool) {}

  async list(limit: number, beforeId?: string, topicPrefix?: string): Promise<QuarantinePage> {
    const [counts, items] = await Promise.all([
      this.pool.query<{ total: string; last_day: string }>(
        `SELECT count(*) AS total, count(*) FILTER (WHERE received_at > now() - interval '1 day') AS last_day FROM quarantine`,
      ),
      this.pool.query<{
        id: string;
        received_at: Date;
        topic: string;
        reason: string;
        payload_bytes: number;
        payload: Buffer;
      }>(
        `SELECT id, received_at, topic, reason, payload_bytes, payload FROM quarantine
         WHERE ($2::bigint IS NULL OR id < $2) AND ($3::text IS NULL OR starts_with(topic, $3))
         ORDER BY id DESC LIMIT $1`,
        [limit, beforeId ?? null, topicPrefix ?? null],
      ),
    ]);
    return {
      total: Number(counts.rows[0].total),
      lastDay: Number(counts.rows[0].last_day),
      items: items.rows.map((r) => {
        const text = r.payload.toString('utf8');
        const isText = Buffer.from(text, 'utf8').equals(r.payload);
        return {
          id: String(r.id),
          receivedAt: r.received_at.toISOString(),
          topic: r.topic,
          reason: r.reason,
          payloadBytes: r.payload_bytes,
          payload: isText ? text : r.payload.toString('base64'),
          payloadEncoding: isText ? 'utf8' : 'base64',
        };
      }),
    };
  }
}
