/** The functions a tenant's users act for; admins change the model, SLAs, mappings and roles. */
export type Role = 'marketing' | 'sales' | 'admin';

/**
 * Who is asking, as a front door proved it (HubSpot's signed `userId`, a console session) and the
 * tenant's role settings resolved it. Handlers trust nothing else about the caller.
 */
export interface Actor {
  readonly id: string;
  readonly roles: ReadonlySet<Role>;
}

export function hasRole(actor: Actor, ...roles: readonly Role[]): boolean {
  return roles.some((role) => actor.roles.has(role));
}
