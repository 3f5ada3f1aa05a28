import { Button, Flex, Heading, Input, Select, Text } from '@hubspot/ui-extensions';
import { useState } from 'react';
import { RefusalAlert } from './refusal-alert.tsx';
import type { StatusEvent } from './settings-types.ts';
import {
  fieldError,
  issueAt,
  type Keyed,
  keyed,
  type PanelProps,
  unkeyed,
  useChange,
} from './use-settings.ts';

/** The hand-off events a status value may mean, as Baton records them. */
const EVENTS = [
  ['first_contact_attempt', 'Contact attempted'],
  ['first_contact', 'First contact'],
  ['accepted', 'Accepted by sales'],
  ['rejected', 'Rejected by sales'],
  ['sales_qualified', 'Sales qualified'],
  ['opportunity', 'Opportunity'],
  ['won', 'Won'],
  ['lost', 'Lost'],
  ['recycled', 'Recycled to marketing'],
  ['disqualified', 'Disqualified'],
  ['dormant', 'Dormant'],
].map(([value, label]) => ({ value: value ?? '', label: label ?? '' }));

/**
 * Which HubSpot status values (lead status, Lead pipeline stage) mean which hand-off event: e.g.
 * `hs_lead_status = CONNECTED` is the first contact, `UNQUALIFIED` a rejection while sales has
 * not answered yet and a disqualification after. Admins edit it; the stages' own HubSpot values
 * are edited with the stages above.
 */
export function StatusMappingPanel({ data, api, reload, alert }: PanelProps) {
  const mapping = data.settings.journeyMapping;
  const [rows, setRows] = useState<Keyed<StatusEvent>[]>(mapping.statusEvents.map(keyed));
  const change = useChange(reload, alert);
  const admin = data.caller.roles.includes('admin');
  const codes = [
    { value: '', label: 'No reason' },
    ...data.settings.reasonCodes.map((c) => ({ value: c.key, label: c.label })),
  ];
  const set = (id: number, patch: Partial<StatusEvent>) =>
    setRows(rows.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  const issue = (i: number) =>
    issueAt(change.refusal, (p) => p.startsWith(`journeyMapping.statusEvents.${i}`));

  function save() {
    const statusEvents = rows.map(unkeyed).map(({ whileAwaitingAcceptance, reasonCode, ...row }) => ({
      ...row,
      ...(whileAwaitingAcceptance ? { whileAwaitingAcceptance } : {}),
      ...(reasonCode ? { reasonCode } : {}),
    }));
    void change.run(() => api.saveJourneyMapping({ ...mapping, statusEvents }), 'Status mapping saved');
  }

  return (
    <Flex direction="column" gap="sm">
      <Heading>Lead statuses and Lead pipeline stages</Heading>
      <Text variant="microcopy">
        Owner from {mapping.ownerProperty}
        {mapping.assigneeProperty ? `, the Lead's assignee from ${mapping.assigneeProperty}` : ''}.
      </Text>
      <RefusalAlert refusal={change.refusal} />
      {rows.map((row, i) => (
        <Flex key={row.id} direction="row" gap="xs" wrap="wrap">
          <Input
            label="Property"
            name={`status-property-${i}`}
            value={row.property}
            readOnly={!admin}
            onChange={(property) => set(row.id, { property })}
            {...fieldError(issue(i))}
          />
          <Input
            label="Value"
            name={`status-value-${i}`}
            value={row.value}
            readOnly={!admin}
            onChange={(value) => set(row.id, { value })}
          />
          <Select
            label="Means"
            name={`status-event-${i}`}
            value={row.event}
            options={EVENTS}
            readOnly={!admin}
            onChange={(v) => set(row.id, { event: String(v) })}
          />
          <Select
            label="Before sales answered, means"
            name={`status-awaiting-${i}`}
            value={row.whileAwaitingAcceptance ?? ''}
            options={[{ value: '', label: 'The same' }, ...EVENTS]}
            readOnly={!admin}
            onChange={(v) => set(row.id, { whileAwaitingAcceptance: String(v) })}
          />
          <Select
            label="Reason"
            name={`status-reason-${i}`}
            value={row.reasonCode ?? ''}
            options={codes}
            readOnly={!admin}
            onChange={(v) => set(row.id, { reasonCode: String(v) })}
          />
          {admin && (
            <Button variant="transparent" onClick={() => setRows(rows.filter((r) => r.id !== row.id))}>
              Remove
            </Button>
          )}
        </Flex>
      ))}
      {admin && (
        <Flex direction="row" gap="xs">
          <Button
            onClick={() =>
              setRows([...rows, keyed({ property: 'hs_lead_status', value: '', event: 'first_contact' })])
            }
          >
            Add status
          </Button>
          <Button variant="primary" disabled={change.busy} onClick={save}>
            Save status mapping
          </Button>
        </Flex>
      )}
    </Flex>
  );
}
