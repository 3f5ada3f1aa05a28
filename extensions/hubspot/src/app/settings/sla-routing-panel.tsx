import { Button, Flex, Heading, Input, Text } from '@hubspot/ui-extensions';
import { useState } from 'react';
import { RefusalAlert } from './refusal-alert.tsx';
import type { SlaRouting } from './settings-types.ts';
import { fieldError, issueAt, type PanelProps, useChange } from './use-settings.ts';

const ids = (text: string) =>
  text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

/** `inside: 501, 502; emea: 601` ⇄ queues; `501: 509; 502: 509` ⇄ managers. */
const pairs = (text: string) =>
  text
    .split(';')
    .map((part) => part.split(':'))
    .filter(([name]) => (name ?? '').trim() !== '')
    .map(([name, rest]) => [(name ?? '').trim(), rest ?? ''] as const);
const queuesText = (queues: SlaRouting['queues']) =>
  Object.entries(queues)
    .map(([name, members]) => `${name}: ${members.join(', ')}`)
    .join('; ');
const managersText = (managers: SlaRouting['managers']) =>
  Object.entries(managers)
    .map(([owner, manager]) => `${owner}: ${manager}`)
    .join('; ');

/** Where SLA breach actions send a lead and whom they notify, by HubSpot owner id. */
export function SlaRoutingPanel({ data, api, reload, alert }: PanelProps) {
  const routing = data.settings.slaRouting;
  const [queues, setQueues] = useState(queuesText(routing.queues));
  const [managers, setManagers] = useState(managersText(routing.managers));
  const [fallback, setFallback] = useState(routing.defaultManager ?? '');
  const change = useChange(reload, alert);
  const admin = data.caller.roles.includes('admin');
  function save() {
    const next: SlaRouting = {
      queues: Object.fromEntries(pairs(queues).map(([name, members]) => [name, ids(members)])),
      managers: Object.fromEntries(pairs(managers).map(([owner, manager]) => [owner, manager.trim()])),
      defaultManager: fallback.trim() === '' ? null : fallback.trim(),
    };
    void change.run(() => api.saveSlaRouting(next), 'Breach routing saved');
  }
  return (
    <Flex direction="column" gap="sm">
      <Heading>When an SLA is breached</Heading>
      <Text variant="microcopy">
        A stage’s breach actions notify the owner or their manager with a HubSpot task, reassign the lead to
        the next rep of a queue, or return it to marketing. HubSpot owner ids; each is done once per breach.
      </Text>
      <RefusalAlert refusal={change.refusal} />
      <Input
        label="Reassignment queues (name: owner ids in turn; …)"
        name="sla-queues"
        value={queues}
        readOnly={!admin}
        onChange={setQueues}
        {...fieldError(issueAt(change.refusal, (p) => p.startsWith('slaRouting.queues')))}
      />
      <Input
        label="Managers (owner: manager; …)"
        name="sla-managers"
        value={managers}
        readOnly={!admin}
        onChange={setManagers}
        {...fieldError(issueAt(change.refusal, (p) => p.startsWith('slaRouting.managers')))}
      />
      <Input
        label="Manager of everyone else"
        name="sla-default-manager"
        value={fallback}
        readOnly={!admin}
        onChange={setFallback}
      />
      {admin && (
        <Button variant="primary" disabled={change.busy} onClick={save}>
          Save breach routing
        </Button>
      )}
    </Flex>
  );
}
