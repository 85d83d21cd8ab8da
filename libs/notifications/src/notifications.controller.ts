import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { NotificationView } from '@gridcell/contracts';
import { CurrentPrincipal, type Principal } from '@gridcell/identity';
import { NotificationService } from './notification.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationService) {}

  @Get()
  @ApiQuery({ name: 'unread', required: false, enum: ['true', 'false'] })
  @ApiOkResponse({ description: 'your notifications, newest first' })
  mine(@CurrentPrincipal() who: Principal, @Query('unread') unread?: string): Promise<NotificationView[]> {
    return this.notifications.mine(who, unread === 'true');
  }

  @Post(':notificationId/read')
  @HttpCode(200)
  markRead(
    @CurrentPrincipal() who: Principal,
    @Param('notificationId', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
  ): Promise<NotificationView> {
    return this.notifications.markRead(who, id);
  }
}
