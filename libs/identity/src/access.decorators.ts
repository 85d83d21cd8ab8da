import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Principal } from './principal';
import type { Role } from './user.entity';

export const PUBLIC_KEY = 'gridcell:public';
export const ROLES_KEY = 'gridcell:roles';

/** Opens a route to callers without a token (sign-in, health). Everything else requires one. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Restricts a route to the given roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The signed-in {@link Principal}. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal =>
    ctx.switchToHttp().getRequest<{ principal: Principal }>().principal,
);
