import { Button, ErrorState, Flex, LoadingSpinner, Tab, Tabs, Text } from '@hubspot/ui-extensions';
import { useCallback } from 'react';
import { AssessmentsPanel } from './assessments-panel.tsx';
import { DefinitionsPanel } from './definitions-panel.tsx';
import { FunnelPanel } from './funnel-panel.tsx';
import { NotesPanel } from './notes-panel.tsx';
import { ReportsPanel } from './reports-panel.tsx';
import type { SettingsApi } from './settings-api.ts';
import { SlaRoutingPanel } from './sla-routing-panel.tsx';
import { StatusMappingPanel } from './status-mapping-panel.tsx';
import { TeamPanel } from './team-panel.tsx';
import { useSettings } from './use-settings.ts';

export interface SettingsHost {
  readonly addAlert: (alert: { readonly type?: 'success' | 'danger'; readonly message: string }) => void;
}

/** Baton's settings page in HubSpot: definitions, the funnel model with SLAs and mappings, reports, assessments, reason codes and roles. */
export function SettingsPage({ api, host }: { readonly api: SettingsApi; readonly host: SettingsHost }) {
  const { load, reload } = useSettings(api);
  const alert = useCallback((message: string) => host.addAlert({ type: 'success', message }), [host]);
  if (load.status === 'loading') return <LoadingSpinner label="Loading Baton settings…" layout="centered" />;
  if (load.status === 'error') {
    return (
      <ErrorState title="Baton’s settings could not be loaded">
        <Text>{load.message}</Text>
        <Button onClick={() => void reload()}>Try again</Button>
      </ErrorState>
    );
  }
  const { data } = load;
  const props = { data, api, reload, alert };
  return (
    <Flex direction="column" gap="md">
      <Text variant="microcopy">
        Signed in as HubSpot user {data.caller.id}
        {data.caller.roles.length > 0
          ? ` · ${data.caller.roles.join(', ')}`
          : ' · no Baton role: you can read, not change'}
      </Text>
      <Tabs defaultSelected="definitions">
        <Tab tabId="definitions" title="Qualification definitions">
          <DefinitionsPanel {...props} />
        </Tab>
        <Tab tabId="funnel" title="Funnel, SLAs and mappings">
          <Flex direction="column" gap="lg">
            <FunnelPanel {...props} />
            <StatusMappingPanel {...props} />
            <SlaRoutingPanel {...props} />
          </Flex>
        </Tab>
        <Tab tabId="reports" title="Reports">
          <ReportsPanel api={api} />
        </Tab>
        <Tab tabId="assessments" title="Assessments">
          <AssessmentsPanel api={api} isAdmin={data.caller.roles.includes('admin')} />
        </Tab>
        <Tab tabId="team" title="Reason codes and roles">
          <TeamPanel {...props} />
        </Tab>
        {(data.caller.roles.includes('marketing') || data.caller.roles.includes('admin')) && (
          <Tab tabId="notes" title="Field intelligence">
            <NotesPanel api={api} alert={alert} />
          </Tab>
        )}
      </Tabs>
    </Flex>
  );
}
