import type { Role } from './user.entity';

/** Who is asking: carried in the access token and attached to each request. */
export interface Principal {
  userId: string;
  username: string;
  role: Role;
  staffId: string | null;
  customerId: string | null;
}
