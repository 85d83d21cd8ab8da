/** Topic names of CONTRACT section 1, under a configurable prefix (default `grid`). */
export const topics = {
  meterReading: (prefix: string, meterId: string) => `${prefix}/meters/${meterId}/reading`,
  meterEvent: (prefix: string, meterId: string) => `${prefix}/meters/${meterId}/event`,
  meterCmd: (prefix: string, meterId: string) => `${prefix}/meters/${meterId}/cmd`,
  meterReply: (prefix: string, meterId: string) => `${prefix}/meters/${meterId}/reply`,
  allMeterCmds: (prefix: string) => `${prefix}/meters/+/cmd`,
  gatewayReadings: (prefix: string, gatewayId: string) => `${prefix}/gateways/${gatewayId}/readings`,
  gatewayStatus: (prefix: string, gatewayId: string) => `${prefix}/gateways/${gatewayId}/status`,
};

/** A prefix is one or more topic levels without wildcards, empty levels or a leading `$` (reserved). */
export function isValidTopicPrefix(prefix: string): boolean {
  return (
    prefix.length > 0 &&
    prefix.length <= 200 &&
    !/[+#]/.test(prefix) &&
    !prefix.includes('\u0000') &&
    !prefix.startsWith('$') &&
    prefix.split('/').every((level) => level.length > 0)
  );
}
