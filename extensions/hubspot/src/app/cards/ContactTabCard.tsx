import { hubspot } from '@hubspot/ui-extensions';
import { cardApi, fieldNotesApi } from './baton-api.ts';
import { batonOrigin } from './baton-origin.ts';
import { PortalTimeZone } from './portal-time-zone.ts';
import { TabCard } from './tab-card.tsx';

hubspot.extend<'crm.record.tab'>(({ context }) => {
  const origin = batonOrigin(context.variables);
  return (
    <PortalTimeZone.Provider value={context.portal.timezone}>
      <TabCard
        recordId={String(context.crm.objectId)}
        api={cardApi(hubspot.fetch, origin)}
        notes={fieldNotesApi(hubspot.fetch, origin)}
      />
    </PortalTimeZone.Provider>
  );
});
