import { hubspot } from '@hubspot/ui-extensions';
import { settingsApi } from './settings-api.ts';
import { SettingsPage } from './settings-page.tsx';

const api = settingsApi(hubspot.fetch);

hubspot.extend<'settings'>(({ actions }) => <SettingsPage api={api} host={{ addAlert: actions.addAlert }} />);
