import { z } from 'zod';
import type { Actor, Role } from './actor.ts';

/** Who counts as marketing, sales and admin: CRM team ids or explicit user ids, per role. */
export const roleSettingsSchema = z.strictObject(
  Object.fromEntries(
    (['marketing', 'sales', 'admin'] as const).map((role) => [
      role,
      z
        .strictObject({
          users: z.array(z.string().min(1)).default([]),
          teams: z.array(z.string().min(1)).default([]),
        })
        .optional(),
    ]),
  ) as Record<
    Role,
    z.ZodOptional<
      z.ZodObject<{
        users: z.ZodDefault<z.ZodArray<z.ZodString>>;
        teams: z.ZodDefault<z.ZodArray<z.ZodString>>;
      }>
    >
  >,
);

export type RoleSettings = z.infer<typeof roleSettingsSchema>;

/**
 * The roles a CRM user holds in a tenant, from the tenant's role settings: named as a user, or a
 * member of a named team. Settings that do not parse grant nothing.
 */
export function actorOf(
  settings: unknown,
  user: { readonly id: string; readonly teamIds: readonly string[] },
): Actor {
  const parsed = roleSettingsSchema.safeParse(settings ?? {});
  const roles = new Set<Role>();
  if (parsed.success) {
    for (const role of ['marketing', 'sales', 'admin'] as const) {
      const grant = parsed.data[role];
      if (grant && (grant.users.includes(user.id) || grant.teams.some((t) => user.teamIds.includes(t)))) {
        roles.add(role);
      }
    }
  }
  return { id: user.id, roles };
}
