import { Button, Flex, Heading, Input, MultiSelect, Text } from '@hubspot/ui-extensions';
import { useState } from 'react';
import { RefusalAlert } from './refusal-alert.tsx';
import type { ReasonCode, Role, RoleGrants } from './settings-types.ts';
import {
  fieldError,
  issueAt,
  type Keyed,
  keyed,
  type PanelProps,
  unkeyed,
  useChange,
} from './use-settings.ts';

const APPLIES_TO = [
  { label: 'Rejected by sales', value: 'rejected' },
  { label: 'Lost', value: 'lost' },
  { label: 'Disqualified', value: 'disqualified' },
];

const ROLES: readonly { readonly role: Role; readonly label: string; readonly what: string }[] = [
  { role: 'marketing', label: 'Marketing', what: 'drafts and proposes definitions, approves for marketing' },
  { role: 'sales', label: 'Sales', what: 'accepts and rejects any lead, approves definitions for sales' },
  { role: 'admin', label: 'Admins', what: 'change the model, SLAs, mappings, reason codes and roles' },
];

const list = (text: string) =>
  text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

/** The reasons sales gives when it rejects a lead (and marketing reads), kept short and shared. */
function ReasonCodes({ data, api, reload, alert }: PanelProps) {
  const [codes, setCodes] = useState<Keyed<ReasonCode>[]>(data.settings.reasonCodes.map(keyed));
  const change = useChange(reload, alert);
  const admin = data.caller.roles.includes('admin');
  const set = (i: number, patch: Partial<ReasonCode>) =>
    setCodes(codes.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const issue = (i: number) => issueAt(change.refusal, (p) => p.startsWith(`reasonCodes[${i}]`));
  return (
    <Flex direction="column" gap="sm">
      <Heading>Reason codes</Heading>
      <RefusalAlert refusal={change.refusal} />
      {codes.map((code, i) => (
        <Flex key={code.id} direction="row" gap="xs" wrap="wrap">
          <Input
            label="Key"
            name={`code-key-${i}`}
            value={code.key}
            readOnly={!admin}
            onChange={(key) => set(i, { key })}
            {...fieldError(issue(i))}
          />
          <Input
            label="Label"
            name={`code-label-${i}`}
            value={code.label}
            readOnly={!admin}
            onChange={(label) => set(i, { label })}
          />
          <MultiSelect
            label="Used when"
            name={`code-applies-${i}`}
            value={[...code.appliesTo]}
            options={APPLIES_TO}
            readOnly={!admin}
            onChange={(v) => set(i, { appliesTo: v.map(String) as ReasonCode['appliesTo'] })}
          />
          {admin && (
            <Button variant="transparent" onClick={() => setCodes(codes.filter((_, j) => j !== i))}>
              Remove
            </Button>
          )}
        </Flex>
      ))}
      {admin && (
        <Flex direction="row" gap="xs">
          <Button
            onClick={() => setCodes([...codes, keyed({ key: '', label: '', appliesTo: ['rejected'] })])}
          >
            Add reason
          </Button>
          <Button
            variant="primary"
            disabled={change.busy}
            onClick={() =>
              void change.run(() => api.saveReasonCodes(codes.map(unkeyed)), 'Reason codes saved')
            }
          >
            Save reason codes
          </Button>
        </Flex>
      )}
    </Flex>
  );
}

/** Who counts as marketing, sales and admin: HubSpot team ids or user ids. */
function Roles({ data, api, reload, alert }: PanelProps) {
  const grant = (role: Role) => data.settings.roles[role];
  const [text, setText] = useState(
    Object.fromEntries(
      ROLES.map(({ role }) => [
        role,
        { users: (grant(role)?.users ?? []).join(', '), teams: (grant(role)?.teams ?? []).join(', ') },
      ]),
    ) as Record<Role, { users: string; teams: string }>,
  );
  const change = useChange(reload, alert);
  const admin = data.caller.roles.includes('admin');
  function save() {
    const roles: RoleGrants = Object.fromEntries(
      ROLES.map(({ role }) => [role, { users: list(text[role].users), teams: list(text[role].teams) }]),
    );
    void change.run(() => api.saveRoles(roles), 'Roles saved');
  }
  return (
    <Flex direction="column" gap="sm">
      <Heading>Roles</Heading>
      <Text variant="microcopy">
        The user who installed Baton is its first admin. HubSpot user and team ids, comma-separated.
      </Text>
      <RefusalAlert refusal={change.refusal} />
      {ROLES.map(({ role, label, what }) => (
        <Flex key={role} direction="column" gap="xs">
          <Text format={{ fontWeight: 'bold' }}>
            {label}: {what}
          </Text>
          <Flex direction="row" gap="xs">
            <Input
              label={`${label}: users`}
              name={`${role}-users`}
              value={text[role].users}
              readOnly={!admin}
              onChange={(users) => setText({ ...text, [role]: { ...text[role], users } })}
              {...fieldError(issueAt(change.refusal, (p) => p.startsWith(`roles.${role}.users`)))}
            />
            <Input
              label={`${label}: teams`}
              name={`${role}-teams`}
              value={text[role].teams}
              readOnly={!admin}
              onChange={(teams) => setText({ ...text, [role]: { ...text[role], teams } })}
              {...fieldError(issueAt(change.refusal, (p) => p.startsWith(`roles.${role}.teams`)))}
            />
          </Flex>
        </Flex>
      ))}
      {admin && (
        <Button variant="primary" disabled={change.busy} onClick={save}>
          Save roles
        </Button>
      )}
    </Flex>
  );
}

export function TeamPanel(props: PanelProps) {
  return (
    <Flex direction="column" gap="lg">
      <ReasonCodes {...props} />
      <Roles {...props} />
    </Flex>
  );
}
