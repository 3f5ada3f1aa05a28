import { hubspot } from '@hubspot/ui-extensions';
import { cardApi } from './baton-api.ts';
import { batonOrigin } from './baton-origin.ts';
import { PortalTimeZone } from './portal-time-zone.ts';
import { SidebarCard } from './sidebar-card.tsx';

hubspot.extend<'crm.record.sidebar'>(({ context, actions }) => (
  <PortalTimeZone.Provider value={context.portal.timezone}>
    <SidebarCard
      recordId={String(context.crm.objectId)}
      api={cardApi(hubspot.fetch, batonOrigin(context.variables))}
      host={{ refreshObjectProperties: actions.refreshObjectProperties, addAlert: actions.addAlert }}
    />
  </PortalTimeZone.Provider>
));
