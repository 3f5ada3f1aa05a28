import { ForbiddenError } from '../../errors.ts';
import { type Actor, hasRole, type Role } from '../actor.ts';

/** Refuses, with the reason, a caller who holds none of `roles`. */
export function requireRole(actor: Actor, roles: readonly Role[], what: string): void {
  if (!hasRole(actor, ...roles)) {
    throw new ForbiddenError(`${actor.id} may not ${what}: it takes the ${roles.join(' or ')} role`);
  }
}
