import { createConsoleSignInLink } from '../../console/console-sessions.ts';
import { CONSOLE_SIGN_IN_PATH } from '../../console/console-sign-in.ts';
import type { Db } from '../../store/database.ts';
import { getTenant, updateTenantSettings } from '../../store/tenants.ts';

/**
 * A console link for the demo's visitor: they act as the portal's installer, who holds every
 * role here (admin from the install, marketing and sales added) so each page's actions work.
 */
export async function demoAdminLink(db: Db, batonUrl: string, tenantId: string): Promise<string> {
  const tenant = await getTenant(db, tenantId);
  const roles = (tenant?.settings as { roles?: { admin?: { users?: string[] } } } | undefined)?.roles;
  const admin = roles?.admin?.users?.[0];
  if (!admin) throw new Error('the demo portal has no admin to sign the visitor in as');
  const now = new Date();
  await updateTenantSettings(
    db,
    tenantId,
    (settings) => {
      const own = (settings.roles ?? {}) as Record<string, { users?: string[]; teams?: string[] }>;
      const grant = (role: string) => ({
        users: [...new Set([...(own[role]?.users ?? []), admin])],
        teams: own[role]?.teams ?? [],
      });
      return {
        ...settings,
        roles: { ...own, admin: grant('admin'), marketing: grant('marketing'), sales: grant('sales') },
      };
    },
    { actor: 'demo', now },
  );
  const code = await createConsoleSignInLink(db, {
    tenantId,
    user: { id: admin, name: 'Demo admin', email: null, teamIds: [] },
    now,
  });
  return `${batonUrl}${CONSOLE_SIGN_IN_PATH}/link/${code}`;
}
