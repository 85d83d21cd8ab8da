/** CONTRACT 1: identifiers are 1-64 characters of [A-Za-z0-9._-]. */
export const ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
export const ID_PATTERN_SOURCE = '^[A-Za-z0-9._-]{1,64}$';
