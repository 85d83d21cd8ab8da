import { ID_PATTERN } from '@gridcell/contracts';

export type TopicKind =
  'meter-reading' | 'meter-reply' | 'meter-event' | 'gateway-readings' | 'gateway-status';

export interface DeviceTopic {
  kind: TopicKind;
  /** meterId or gatewayId, as named by the topic. */
  id: string;
}

const KINDS: Record<string, TopicKind> = {
  'meters/reading': 'meter-reading',
  'meters/reply': 'meter-reply',
  'meters/event': 'meter-event',
  'gateways/readings': 'gateway-readings',
  'gateways/status': 'gateway-status',
};

/** The topic filters ingest subscribes to (CONTRACT 1.1-1.5). */
export function deviceTopicFilters(prefix: string): string[] {
  return Object.keys(KINDS).map((key) => {
    const [collection, leaf] = key.split('/');
    return `${prefix}/${collection}/+/${leaf}`;
  });
}

/** `grid/meters/M1/reading` → { kind: 'meter-reading', id: 'M1' }; null when not a device topic. */
export function parseDeviceTopic(prefix: string, topic: string): DeviceTopic | null {
  // On the hot path for every message: index arithmetic instead of split().
  const start = prefix.length + 1;
  if (topic.charCodeAt(prefix.length) !== 0x2f || !topic.startsWith(prefix)) return null;
  const a = topic.indexOf('/', start);
  const b = a < 0 ? -1 : topic.indexOf('/', a + 1);
  if (b < 0 || topic.indexOf('/', b + 1) >= 0) return null;
  const kind = KINDS[`${topic.slice(start, a)}/${topic.slice(b + 1)}`];
  const id = topic.slice(a + 1, b);
  return kind && ID_PATTERN.test(id) ? { kind, id } : null;
}
