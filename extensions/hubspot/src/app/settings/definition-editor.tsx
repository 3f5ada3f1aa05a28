import { Button, Flex, Heading, Input, Select, Text, TextArea } from '@hubspot/ui-extensions';
import { useState } from 'react';
import { type CriterionRow, OPERATORS, rowOfIssue, rowsOf, rulesOf } from './criterion-rows.ts';
import { RefusalAlert } from './refusal-alert.tsx';
import type { Criterion, Definition } from './settings-types.ts';
import { fieldError, issueAt, type Keyed, keyed, type Refusal } from './use-settings.ts';

export interface DraftFields {
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly rules: Criterion;
  readonly scoring: unknown;
  readonly disqualifiers: unknown;
  readonly changeNote: string;
}

const EMPTY_SCORING = { fit: [], engagement: [] };

const EMPTY_ROW: CriterionRow = { property: '', operator: 'exists', value: '', label: '' };

/**
 * A draft's name, description and criteria. A plain "all of" list is edited row by row; deeper
 * trees (any/none groups) are edited as JSON. Each field shows Baton's own issue about it.
 */
export function DefinitionEditor({
  draft,
  refusal,
  busy,
  onSave,
  onCancel,
}: {
  readonly draft: Definition | null;
  readonly refusal: Refusal | null;
  readonly busy: boolean;
  readonly onSave: (fields: DraftFields) => void;
  readonly onCancel: () => void;
}) {
  const [key, setKey] = useState(draft?.key ?? '');
  const [name, setName] = useState(draft?.name ?? '');
  const [description, setDescription] = useState(draft?.description ?? '');
  const [changeNote, setChangeNote] = useState(draft?.changeNote ?? '');
  const initialRows = rowsOf(draft?.rules);
  const [rows, setRows] = useState<Keyed<CriterionRow>[]>(
    (initialRows?.length ? initialRows : [EMPTY_ROW]).map(keyed),
  );
  const [json, setJson] = useState(initialRows === null ? JSON.stringify(draft?.rules, null, 2) : null);
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [scoring, setScoring] = useState(JSON.stringify(draft?.scoring ?? EMPTY_SCORING, null, 2));
  const [disqualifiers, setDisqualifiers] = useState(JSON.stringify(draft?.disqualifiers ?? [], null, 2));
  const [parseErrors, setParseErrors] = useState<Readonly<Record<string, string>>>({});
  const at = (path: string) => issueAt(refusal, (p) => p === path || p.startsWith(`${path}.`));
  const rowIssue = (i: number) => refusal?.issues.find((issue) => rowOfIssue(issue.path) === i)?.message;
  const setRow = (i: number, change: Partial<CriterionRow>) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));

  function save() {
    let rules: Criterion;
    if (json === null) rules = rulesOf(rows);
    else {
      try {
        rules = JSON.parse(json) as Criterion;
      } catch {
        setJsonError('The criteria are not valid JSON.');
        return;
      }
    }
    setJsonError(null);
    const parsed: Record<string, unknown> = {};
    const errors: Record<string, string> = {};
    for (const [field, text] of [
      ['scoring', scoring],
      ['disqualifiers', disqualifiers],
    ] as const) {
      try {
        parsed[field] = JSON.parse(text);
      } catch {
        errors[field] = `The ${field} are not valid JSON.`;
      }
    }
    setParseErrors(errors);
    if (Object.keys(errors).length > 0) return;
    onSave({
      key: key.trim(),
      name: name.trim(),
      description: description.trim(),
      rules,
      scoring: parsed.scoring,
      disqualifiers: parsed.disqualifiers,
      changeNote: changeNote.trim(),
    });
  }

  return (
    <Flex direction="column" gap="sm">
      <Heading>{draft ? `Edit ${draft.name} v${draft.version}` : 'New definition'}</Heading>
      <RefusalAlert refusal={refusal} />
      {!draft && (
        <Input
          label="Key"
          name="key"
          description="A stable id, e.g. mql; versions share it"
          value={key}
          onChange={setKey}
          {...fieldError(at('key'))}
        />
      )}
      <Input label="Name" name="name" value={name} onChange={setName} {...fieldError(at('name'))} />
      <TextArea label="Description" name="description" value={description} onChange={setDescription} />
      {json === null ? (
        <Flex direction="column" gap="xs">
          <Text format={{ fontWeight: 'bold' }}>Criteria: a lead qualifies when all of these are met</Text>
          {rows.map((row, i) => (
            <Flex key={row.id} direction="row" gap="xs" wrap="wrap">
              <Input
                label="Property"
                name={`property-${i}`}
                value={row.property}
                onChange={(property) => setRow(i, { property })}
                {...fieldError(rowIssue(i))}
              />
              <Select
                label="Test"
                name={`operator-${i}`}
                value={row.operator}
                options={OPERATORS.map((o) => ({ label: o.label, value: o.value }))}
                onChange={(operator) => setRow(i, { operator: String(operator) })}
              />
              {row.operator !== 'exists' && row.operator !== 'not_exists' && (
                <Input
                  label="Value"
                  name={`value-${i}`}
                  description={OPERATORS.find((o) => o.value === row.operator)?.hint ?? ''}
                  value={row.value}
                  onChange={(value) => setRow(i, { value })}
                />
              )}
              <Input
                label="Shown as"
                name={`label-${i}`}
                value={row.label}
                onChange={(label) => setRow(i, { label })}
              />
              <Button variant="transparent" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                Remove
              </Button>
            </Flex>
          ))}
          <Button variant="secondary" onClick={() => setRows([...rows, keyed(EMPTY_ROW)])}>
            Add criterion
          </Button>
        </Flex>
      ) : (
        <TextArea
          label="Criteria (JSON: all / any / none groups of property tests)"
          name="rules"
          rows={12}
          value={json}
          onChange={setJson}
          {...fieldError(jsonError ?? at('rules'))}
        />
      )}
      <TextArea
        label="Scoring (JSON: fit and engagement points per criterion, thresholds, decay)"
        name="scoring"
        rows={6}
        value={scoring}
        onChange={setScoring}
        {...fieldError(parseErrors.scoring ?? at('scoring'))}
      />
      <TextArea
        label="Disqualifiers (JSON: any match disqualifies)"
        name="disqualifiers"
        rows={4}
        value={disqualifiers}
        onChange={setDisqualifiers}
        {...fieldError(parseErrors.disqualifiers ?? at('disqualifiers'))}
      />
      <Input label="What changed and why" name="changeNote" value={changeNote} onChange={setChangeNote} />
      <Flex direction="row" gap="xs">
        <Button variant="primary" disabled={busy} onClick={save}>
          Save draft
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </Flex>
    </Flex>
  );
}
