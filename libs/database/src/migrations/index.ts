import { InitialSchema1764316800000 } from './1764316800000-InitialSchema';

/** Every migration, oldest first. New ones are appended here. */
export const MIGRATIONS = [InitialSchema1764316800000];
