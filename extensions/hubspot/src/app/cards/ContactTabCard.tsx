import { hubspot } from '@hubspot/ui-extensions';
import { cardApi, fieldNotesApi } from './baton-api.ts';
import { TabCard } from './tab-card.tsx';

const api = cardApi(hubspot.fetch);
const notes = fieldNotesApi(hubspot.fetch);

hubspot.extend<'crm.record.tab'>(({ context }) => (
  <TabCard recordId={String(context.crm.objectId)} api={api} notes={notes} />
));
