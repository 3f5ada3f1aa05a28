import { createConsoleSignInLink } from '../../src/console/console-sessions.ts';
import { type KeptDemo, runDemo } from '../../src/simulate/demo/run-demo.ts';
import { updateTenantSettings } from '../../src/store/tenants.ts';
import { ConsoleBrowser } from './console-client.ts';

export interface ConsoleDemo extends KeptDemo {
  /** Stops the demo (Baton, the stand-in, the store) and waits until it has. */
  stop(): Promise<void>;
}

/**
 * The newcomer's `npm run demo -- --keep`, as a fixture: a small month replayed into the HubSpot
 * stand-in, then Baton left running with the console link the demo prints.
 */
export async function startConsoleDemo(contacts = 40): Promise<ConsoleDemo> {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let kept: (demo: KeptDemo) => void = () => {};
  const ready = new Promise<KeptDemo>((resolve) => {
    kept = resolve;
  });
  const finished = runDemo({
    contacts,
    seed: 11,
    replayMs: 2_000,
    hold: (demo) => {
      kept(demo);
      return released;
    },
  });
  const demo = await Promise.race([
    ready,
    finished.then(() => Promise.reject(new Error('the demo ended before holding'))),
  ]);
  return {
    ...demo,
    stop: async () => {
      release();
      await finished;
    },
  };
}

type Role = 'marketing' | 'sales' | 'admin';

/**
 * A sign-in link for a user holding `roles` in a tenant: the role settings name them, as an admin
 * would on the settings page.
 */
export async function signInLinkFor(
  demo: Pick<KeptDemo, 'db' | 'batonUrl'>,
  tenantId: string,
  userId: string,
  roles: readonly Role[],
): Promise<string> {
  await updateTenantSettings(
    demo.db,
    tenantId,
    (settings) => {
      const own = (settings.roles ?? {}) as Record<string, { users?: string[]; teams?: string[] }>;
      const next = { ...own };
      for (const role of ['marketing', 'sales', 'admin']) {
        const users = (own[role]?.users ?? []).filter((u) => u !== userId);
        next[role] = {
          users: roles.includes(role as Role) ? [...users, userId] : users,
          teams: own[role]?.teams ?? [],
        };
      }
      return { ...settings, roles: next };
    },
    { actor: 'test', now: new Date() },
  );
  const code = await createConsoleSignInLink(demo.db, {
    tenantId,
    user: { id: userId, name: `User ${userId}`, email: null, teamIds: [] },
    now: new Date(),
  });
  return `${demo.batonUrl}/console/sign-in/link/${code}`;
}

/** A `ConsoleBrowser` signed in through `signInLinkFor`. */
export async function signedInAs(
  demo: Pick<KeptDemo, 'db' | 'batonUrl'>,
  tenantId: string,
  userId: string,
  roles: readonly Role[],
): Promise<ConsoleBrowser> {
  const browser = new ConsoleBrowser(demo.batonUrl);
  await browser.visit(await signInLinkFor(demo, tenantId, userId, roles));
  const session = await browser.api('/session');
  if (session.status !== 200) throw new Error(`signing in ${userId} failed: ${session.status}`);
  return browser;
}
