import { Alert, Button, Flex, Heading, Input, Select, StatusTag, Text, Tile } from '@hubspot/ui-extensions';
import { useState } from 'react';
import { useFormatInstant } from '../cards/portal-time-zone.ts';
import { TextTable } from '../cards/text-table.tsx';
import { DefinitionEditor, type DraftFields } from './definition-editor.tsx';
import { RefusalAlert } from './refusal-alert.tsx';
import type { LifecycleStep, SettingsApi } from './settings-api.ts';
import type { Definition, DefinitionChange, DryRun, Role, SettingsData } from './settings-types.ts';
import { type PanelProps, useChange } from './use-settings.ts';

const STATUS_VARIANTS = {
  draft: 'default',
  proposed: 'info',
  approved: 'warning',
  active: 'success',
  retired: 'default',
} as const;

/** The lifecycle steps a caller may take on a version, by its status and their roles. */
export function stepsFor(definition: Definition, roles: readonly Role[], caller: string) {
  const drafter = roles.includes('marketing') || roles.includes('admin');
  const steps: {
    readonly step: LifecycleStep;
    readonly label: string;
    readonly side?: 'marketing' | 'sales';
  }[] = [];
  if (definition.status === 'draft' && drafter) steps.push({ step: 'propose', label: 'Propose' });
  if (definition.status === 'proposed') {
    for (const side of ['marketing', 'sales'] as const) {
      const other = definition.approvals[side === 'marketing' ? 'sales' : 'marketing'];
      if (roles.includes(side) && !definition.approvals[side] && other?.by !== caller) {
        steps.push({ step: 'approve', label: `Approve for ${side}`, side });
      }
    }
  }
  if (definition.status === 'approved' && drafter) steps.push({ step: 'activate', label: 'Activate' });
  if ((definition.status === 'active' || definition.status === 'approved') && drafter) {
    steps.push({ step: 'retire', label: 'Retire' });
  }
  return steps;
}

function approvalsLine(definition: Definition): string {
  const side = (s: 'marketing' | 'sales') => {
    const a = definition.approvals[s];
    return a ? `${s} approved by ${a.by}` : `${s} not yet approved`;
  };
  return `${side('marketing')} · ${side('sales')}`;
}

function show(value: unknown): string {
  return value === undefined ? '–' : JSON.stringify(value);
}

/** Diff of two versions of a key, path by path. */
function Diff({ api, versions }: { readonly api: SettingsApi; readonly versions: readonly Definition[] }) {
  const numbers = versions.map((v) => v.version).sort((a, b) => a - b);
  const [from, setFrom] = useState(numbers.at(-2) ?? numbers[0] ?? 1);
  const [to, setTo] = useState(numbers.at(-1) ?? 1);
  const [changes, setChanges] = useState<readonly DefinitionChange[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = versions[0]?.key ?? '';
  const options = numbers.map((n) => ({ label: `v${n}`, value: n }));
  async function compare() {
    setError(null);
    try {
      setChanges((await api.diff(key, from, to)).changes);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The diff failed.');
    }
  }
  if (numbers.length < 2) return null;
  return (
    <Flex direction="column" gap="xs">
      <Flex direction="row" gap="xs">
        <Select
          label="From"
          name={`diff-from-${key}`}
          value={from}
          options={options}
          onChange={(v) => setFrom(Number(v))}
        />
        <Select
          label="To"
          name={`diff-to-${key}`}
          value={to}
          options={options}
          onChange={(v) => setTo(Number(v))}
        />
        <Button onClick={() => void compare()}>Compare</Button>
      </Flex>
      {error && (
        <Alert title="No diff" variant="danger">
          {error}
        </Alert>
      )}
      {changes && changes.length === 0 && <Text>The two versions are the same.</Text>}
      {changes && changes.length > 0 && (
        <TextTable
          headers={['Field', 'Before', 'After']}
          rows={changes.map((c) => ({ key: c.path, cells: [c.path, show(c.before), show(c.after)] }))}
        />
      )}
    </Flex>
  );
}

/** "Test against contact ID": any version, drafts included, judged on a real contact, nothing stored. */
function DryRunForm({ api, definition }: { readonly api: SettingsApi; readonly definition: Definition }) {
  const formatInstant = useFormatInstant();
  const [recordId, setRecordId] = useState('');
  const [run, setRun] = useState<DryRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function test() {
    setError(null);
    setRun(null);
    try {
      setRun(await api.dryRun(definition.key, definition.version, recordId.trim()));
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The test failed.');
    }
  }
  const name = `dry-run-${definition.key}-${definition.version}`;
  return (
    <Flex direction="column" gap="xs">
      <Flex direction="row" gap="xs" align="end">
        <Input label="Test against contact ID" name={name} value={recordId} onChange={setRecordId} />
        <Button disabled={recordId.trim() === ''} onClick={() => void test()}>
          Test
        </Button>
      </Flex>
      {error && (
        <Alert title="Not tested" variant="danger">
          {error}
        </Alert>
      )}
      {run && (
        <Flex direction="column" gap="xs">
          <Text format={{ fontWeight: 'bold' }}>{run.result.explanation}</Text>
          {run.result.criteria.map((c) => (
            <Text key={`${c.label}:${c.property}`}>
              {c.met ? '✓' : '✗'} {c.label}: {c.observed ?? 'no value'}
            </Text>
          ))}
          <Text variant="microcopy">As Baton last saw the contact, {formatInstant(run.observedAt)}.</Text>
          {run.unknownProperties.length > 0 && (
            <Text variant="microcopy">Baton holds no value yet of: {run.unknownProperties.join(', ')}.</Text>
          )}
        </Flex>
      )}
    </Flex>
  );
}

function VersionTile({
  definition,
  data,
  api,
  onStep,
  onEdit,
  busy,
}: {
  readonly definition: Definition;
  readonly data: SettingsData;
  readonly api: SettingsApi;
  readonly onStep: (step: LifecycleStep, side?: 'marketing' | 'sales') => void;
  readonly onEdit: () => void;
  readonly busy: boolean;
}) {
  const { roles, id } = data.caller;
  const drafter = roles.includes('marketing') || roles.includes('admin');
  return (
    <Tile compact>
      <Flex direction="column" gap="xs">
        <Flex direction="row" gap="xs" align="center">
          <Text format={{ fontWeight: 'bold' }}>
            {definition.name} v{definition.version}
          </Text>
          <StatusTag variant={STATUS_VARIANTS[definition.status]}>{definition.status}</StatusTag>
        </Flex>
        {definition.changeNote && <Text variant="microcopy">{definition.changeNote}</Text>}
        {definition.status !== 'draft' && <Text variant="microcopy">{approvalsLine(definition)}</Text>}
        {definition.unwatchedProperties.length > 0 && (
          <Alert title="Some criteria are not re-judged when they change" variant="warning">
            HubSpot does not notify Baton of changes to {definition.unwatchedProperties.join(', ')}: a contact
            is re-judged only when another watched property changes, or on backfill.
          </Alert>
        )}
        <Flex direction="row" gap="xs" wrap="wrap">
          {definition.status === 'draft' && drafter && (
            <Button disabled={busy} onClick={onEdit}>
              Edit
            </Button>
          )}
          {stepsFor(definition, roles, id).map((s) => (
            <Button key={s.label} variant="primary" disabled={busy} onClick={() => onStep(s.step, s.side)}>
              {s.label}
            </Button>
          ))}
        </Flex>
        <DryRunForm api={api} definition={definition} />
      </Flex>
    </Tile>
  );
}

/** The qualification definitions: marketing drafts and proposes, one approver of each side agrees, then it goes live. */
export function DefinitionsPanel({ data, api, reload, alert }: PanelProps) {
  const change = useChange(reload, alert);
  const [editing, setEditing] = useState<Definition | 'new' | null>(null);
  const keys = [...new Set(data.definitions.map((d) => d.key))];
  const drafter = data.caller.roles.includes('marketing') || data.caller.roles.includes('admin');

  async function save(fields: DraftFields) {
    const body = {
      name: fields.name,
      rules: fields.rules,
      scoring: fields.scoring,
      disqualifiers: fields.disqualifiers,
      ...(fields.description ? { description: fields.description } : {}),
      ...(fields.changeNote ? { changeNote: fields.changeNote } : {}),
    };
    const target = editing;
    const done = await change.run(
      () =>
        target === 'new' || target === null
          ? api.create({ key: fields.key, ...body })
          : api.edit(target.key, target.version, body),
      'Draft saved',
    );
    if (done) setEditing(null);
  }

  function step(definition: Definition, s: LifecycleStep, side?: 'marketing' | 'sales') {
    const labels: Record<LifecycleStep, string> = {
      propose: 'Proposed for approval',
      approve: `Approved for ${side}`,
      activate: 'Active: leads are judged by it now',
      retire: 'Retired',
      revise: 'New draft version created',
    };
    void change.run(
      () => api.step(definition.key, definition.version, s, side ? { side } : undefined),
      labels[s],
    );
  }

  if (editing !== null) {
    return (
      <DefinitionEditor
        draft={editing === 'new' ? null : editing}
        refusal={change.refusal}
        busy={change.busy}
        onSave={(fields) => void save(fields)}
        onCancel={() => {
          change.clear();
          setEditing(null);
        }}
      />
    );
  }
  return (
    <Flex direction="column" gap="md">
      <RefusalAlert refusal={change.refusal} />
      {drafter && (
        <Button variant="primary" onClick={() => setEditing('new')}>
          New definition
        </Button>
      )}
      {keys.length === 0 && (
        <Text>No definition yet. Marketing drafts one; sales and marketing approve it.</Text>
      )}
      {keys.map((key) => {
        const versions = data.definitions.filter((d) => d.key === key);
        const latest = versions[0];
        return (
          <Flex key={key} direction="column" gap="sm">
            <Heading>{latest?.name ?? key}</Heading>
            {versions.map((v) => (
              <VersionTile
                key={`${v.key}:${v.version}`}
                definition={v}
                data={data}
                api={api}
                busy={change.busy}
                onStep={(s, side) => step(v, s, side)}
                onEdit={() => setEditing(v)}
              />
            ))}
            {latest && latest.status !== 'draft' && latest.status !== 'proposed' && drafter && (
              <Button disabled={change.busy} onClick={() => step(latest, 'revise')}>
                Revise v{latest.version}
              </Button>
            )}
            <Diff api={api} versions={versions} />
          </Flex>
        );
      })}
    </Flex>
  );
}
