import { hubspot } from '@hubspot/ui-extensions';
import { cardApi } from './baton-api.ts';
import { SidebarCard } from './sidebar-card.tsx';

const api = cardApi(hubspot.fetch);

hubspot.extend<'crm.record.sidebar'>(({ context, actions }) => (
  <SidebarCard
    recordId={String(context.crm.objectId)}
    api={api}
    host={{ refreshObjectProperties: actions.refreshObjectProperties, addAlert: actions.addAlert }}
  />
));
