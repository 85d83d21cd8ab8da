import { ID_PATTERN } from '@gridcell/contracts';

export type TopicKind = 'meter-reading' | 'meter-reply' | 'meter-event' | 'gateway-readings' | 'gateway-status';

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
  if (!topic.startsWith(`${prefix}/`)) return null;
  const parts = topic.slice(prefix.length + 1).split('/');
  if (parts.length !== 3) return null;
  const kind = KINDS[`${parts[0]}/${parts[2]}`];
  return kind && ID_PATTERN.test(parts[1]) ? { kind, id: parts[1] } : null;
}
