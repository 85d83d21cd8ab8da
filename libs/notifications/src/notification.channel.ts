import type { NotificationView } from '@gridcell/contracts';

/** Who a notification is for. */
export type Recipient = { customerId: string } | { staffId: string };

/**
 * A way a notification leaves the platform besides the portal and the live channel (which every
 * notification takes). An SMS gateway implements this and is registered under
 * NOTIFICATION_CHANNELS; it is called after the notification is committed, and its failures are
 * logged, never undo the notification.
 */
export interface NotificationChannel {
  readonly name: string;
  deliver(recipient: Recipient, notification: NotificationView): Promise<void>;
}

export const NOTIFICATION_CHANNELS = Symbol('NOTIFICATION_CHANNELS');
