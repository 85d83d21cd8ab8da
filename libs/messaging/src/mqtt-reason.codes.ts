const MQTT5_REASONS: Readonly<Record<number, string>> = {
  0x80: 'unspecified error',
  0x81: 'malformed packet',
  0x82: 'protocol error',
  0x83: 'implementation specific error',
  0x84: 'unsupported protocol version',
  0x85: 'client identifier not valid',
  0x86: 'bad user name or password',
  0x87: 'not authorized',
  0x88: 'server unavailable',
  0x89: 'server busy',
  0x8a: 'banned',
  0x8b: 'server shutting down',
  0x8c: 'bad authentication method',
  0x8d: 'keep alive timeout',
  0x8e: 'session taken over',
  0x8f: 'topic filter invalid',
  0x91: 'packet identifier in use',
  0x93: 'receive maximum exceeded',
  0x94: 'topic alias invalid',
  0x95: 'packet too large',
  0x96: 'message rate too high',
  0x97: 'quota exceeded',
  0x98: 'administrative action',
  0x99: 'payload format invalid',
  0x9a: 'retain not supported',
  0x9b: 'QoS not supported',
  0x9c: 'use another server',
  0x9d: 'server moved',
  0x9e: 'shared subscriptions not supported',
  0x9f: 'connection rate exceeded',
  0xa0: 'maximum connect time',
  0xa1: 'subscription identifiers not supported',
  0xa2: 'wildcard subscriptions not supported',
};

const MQTT4_CONNACK_RETURN_CODES: Readonly<Record<number, string>> = {
  1: 'unacceptable protocol version',
  2: 'identifier rejected',
  3: 'server unavailable',
  4: 'bad user name or password',
  5: 'not authorized',
};

function hex(code: number): string {
  return `0x${code.toString(16).padStart(2, '0')}`;
}

export function describeReasonCode(code: number, protocolVersion: 4 | 5): string {
  const text = protocolVersion === 5 ? MQTT5_REASONS[code] : code === 0x80 ? 'failure' : undefined;
  return text === undefined ? `reason ${hex(code)}` : `${text} (${hex(code)})`;
}

export function describeConnackCode(code: number, protocolVersion: 4 | 5): string {
  // A v5 client parses a v3.1.1 refusal (return code 1..5) as a v5 reason code, so low codes use the v4 table.
  if (code < 0x80) return `${MQTT4_CONNACK_RETURN_CODES[code] ?? 'refused'} (return code ${code})`;
  return describeReasonCode(code, protocolVersion);
}

// True when the broker refused the CONNECT because it does not speak the requested protocol version.
export function isUnsupportedVersionCode(code: number): boolean {
  return code === 0x01 || code === 0x84;
}
