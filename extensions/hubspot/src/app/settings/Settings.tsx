import { hubspot } from '@hubspot/ui-extensions';
import { batonOrigin } from '../cards/baton-origin.ts';
import { PortalTimeZone } from '../cards/portal-time-zone.ts';
import { settingsApi } from './settings-api.ts';
import { SettingsPage } from './settings-page.tsx';

hubspot.extend<'settings'>(({ context, actions }) => (
  <PortalTimeZone.Provider value={context.portal.timezone}>
    <SettingsPage
      api={settingsApi(hubspot.fetch, batonOrigin(context.variables))}
      host={{ addAlert: actions.addAlert }}
    />
  </PortalTimeZone.Provider>
));
