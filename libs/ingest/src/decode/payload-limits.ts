/** CONTRACT 1.6 size bounds. */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
export const MAX_READINGS_PER_MESSAGE = 10_000;
export const MAX_READING_BYTES = 16 * 1024;
/** How much of a refused payload the quarantine keeps. */
export const QUARANTINE_KEEP_BYTES = 64 * 1024;
