import { InitialSchema1764316800000 } from './1764316800000-InitialSchema';
import { StaffDuty1795900000000 } from './1795900000000-StaffDuty';
import { StaffShifts1796000000000 } from './1796000000000-StaffShifts';
import { Incidents1796100000000 } from './1796100000000-Incidents';
import { WorkOrders1796200000000 } from './1796200000000-WorkOrders';

/** Every migration, oldest first. New ones are appended here. */
export const MIGRATIONS = [
  InitialSchema1764316800000,
  StaffDuty1795900000000,
  StaffShifts1796000000000,
  Incidents1796100000000,
  WorkOrders1796200000000,
];
