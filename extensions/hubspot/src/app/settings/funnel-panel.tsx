import {
  Button,
  Flex,
  Heading,
  Input,
  MultiSelect,
  NumberInput,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
  TextArea,
} from '@hubspot/ui-extensions';
import { useState } from 'react';
import {
  mappingText,
  parseMapping,
  replaceStage,
  sharePercent,
  slaHours,
  withAtRiskPercent,
  withShare,
  withSlaHours,
  withSupplies,
} from './model-edits.ts';
import { RefusalAlert } from './refusal-alert.tsx';
import type { FunnelModel } from './settings-types.ts';
import { fieldError, issueAt, type PanelProps, useChange } from './use-settings.ts';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map(
  (label, i) => ({
    label,
    value: i + 1,
  }),
);

/**
 * The funnel model: its stages, the weighted co-owners of each, SLA targets and clocks, business
 * hours, and the CRM values mapped onto each stage. Admins edit a working copy, starting from the
 * model in force or a preset on HubSpot's fields, and save it whole as the next version.
 */
export function FunnelPanel({ data, api, reload, alert }: PanelProps) {
  const [model, setModel] = useState<FunnelModel>(data.funnel.model);
  const [preset, setPreset] = useState(data.funnel.model.preset ?? data.funnel.presets[0]?.key ?? '');
  const change = useChange(reload, alert);
  const admin = data.caller.roles.includes('admin');
  const stageIssue = (i: number, field: string) =>
    issueAt(
      change.refusal,
      (p) => p.startsWith(`stages[${i}].${field}`) || p.startsWith(`stages.${i}.${field}`),
    );

  async function loadPreset() {
    await change.run(
      async () => setModel((await api.preset(preset)).model),
      'Preset loaded: review it, then save',
    );
  }

  return (
    <Flex direction="column" gap="md">
      <Text>
        {data.funnel.version === null
          ? 'In force: HubSpot’s default model (not saved yet).'
          : `In force: version ${data.funnel.version}.`}{' '}
        {admin ? '' : 'Only admins change the model.'}
      </Text>
      <RefusalAlert refusal={change.refusal} />
      <Flex direction="row" gap="xs" align="end">
        <Select
          label="Start from a preset"
          name="preset"
          value={preset}
          options={data.funnel.presets.map((p) => ({ label: p.name, value: p.key }))}
          onChange={(v) => setPreset(String(v))}
        />
        <Button disabled={!admin || change.busy} onClick={() => void loadPreset()}>
          Load preset
        </Button>
      </Flex>
      <Text variant="microcopy">{data.funnel.presets.find((p) => p.key === preset)?.description ?? ''}</Text>
      <Heading>Stages and ownership</Heading>
      <Table bordered>
        <TableHead>
          <TableRow>
            <TableHeader>Stage</TableHeader>
            {model.functions.map((f) => (
              <TableHeader key={f.key}>{f.label} %</TableHeader>
            ))}
            <TableHeader>SLA (hours)</TableHeader>
            <TableHeader>Clock</TableHeader>
            <TableHeader>At risk at %</TableHeader>
            <TableHeader>HubSpot values</TableHeader>
            <TableHeader>Marketing supplies</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {model.stages.map((stage, i) => (
            <TableRow key={stage.key}>
              <TableCell>
                {stage.label}
                {stage.isHandoff ? ' (hand-off)' : ''}
              </TableCell>
              {model.functions.map((f) => (
                <TableCell key={f.key}>
                  <NumberInput
                    label={`${stage.label}: ${f.label} share`}
                    name={`share-${stage.key}-${f.key}`}
                    value={sharePercent(stage, f.key)}
                    min={0}
                    max={100}
                    readOnly={!admin}
                    onChange={(v) => setModel(replaceStage(model, stage.key, (s) => withShare(s, f.key, v)))}
                    {...fieldError(stageIssue(i, 'owners'))}
                  />
                </TableCell>
              ))}
              <TableCell>
                <NumberInput
                  label={`${stage.label}: SLA hours`}
                  name={`sla-${stage.key}`}
                  {...(slaHours(stage) === null ? {} : { value: slaHours(stage) ?? 0 })}
                  min={0}
                  readOnly={!admin}
                  onChange={(v) => setModel(replaceStage(model, stage.key, (s) => withSlaHours(s, v)))}
                  {...fieldError(stageIssue(i, 'sla'))}
                />
              </TableCell>
              <TableCell>
                {stage.sla ? (
                  <Select
                    label={`${stage.label}: clock`}
                    name={`clock-${stage.key}`}
                    value={stage.sla.clock}
                    readOnly={!admin}
                    options={[
                      { label: 'Business hours', value: 'business' },
                      { label: 'Calendar', value: 'calendar' },
                    ]}
                    onChange={(v) =>
                      setModel(
                        replaceStage(model, stage.key, (s) =>
                          s.sla
                            ? { ...s, sla: { ...s.sla, clock: v === 'calendar' ? 'calendar' : 'business' } }
                            : s,
                        ),
                      )
                    }
                  />
                ) : (
                  '–'
                )}
              </TableCell>
              <TableCell>
                {stage.sla ? (
                  <NumberInput
                    label={`${stage.label}: at risk at % of the window`}
                    name={`at-risk-${stage.key}`}
                    value={Math.round(stage.sla.atRiskShare * 1000) / 10}
                    min={1}
                    max={99}
                    readOnly={!admin}
                    onChange={(v) => setModel(replaceStage(model, stage.key, (s) => withAtRiskPercent(s, v)))}
                  />
                ) : (
                  '–'
                )}
              </TableCell>
              <TableCell>
                <Input
                  label={`${stage.label}: HubSpot values`}
                  name={`mapping-${stage.key}`}
                  value={mappingText(stage.mapping)}
                  readOnly={!admin}
                  onChange={(v) =>
                    setModel(replaceStage(model, stage.key, (s) => ({ ...s, mapping: parseMapping(v) })))
                  }
                  {...fieldError(stageIssue(i, 'mapping'))}
                />
              </TableCell>
              <TableCell>
                <Input
                  label={`${stage.label}: what marketing supplies`}
                  name={`supplies-${stage.key}`}
                  description="Semicolon-separated, e.g. success stories; pricing advice"
                  value={(stage.marketingSupplies ?? []).join('; ')}
                  readOnly={!admin}
                  onChange={(v) => setModel(replaceStage(model, stage.key, (s) => withSupplies(s, v)))}
                  {...fieldError(stageIssue(i, 'marketingSupplies'))}
                />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Heading>Business hours</Heading>
      <Flex direction="row" gap="xs" wrap="wrap">
        <Input
          label="Time zone"
          name="timeZone"
          value={model.calendar.timeZone}
          readOnly={!admin}
          onChange={(timeZone) => setModel({ ...model, calendar: { ...model.calendar, timeZone } })}
          {...fieldError(issueAt(change.refusal, (p) => p.startsWith('calendar.timeZone')))}
        />
        <Input
          label="Opens"
          name="dayStart"
          value={model.calendar.dayStart}
          readOnly={!admin}
          onChange={(dayStart) => setModel({ ...model, calendar: { ...model.calendar, dayStart } })}
          {...fieldError(issueAt(change.refusal, (p) => p.startsWith('calendar.dayStart')))}
        />
        <Input
          label="Closes"
          name="dayEnd"
          value={model.calendar.dayEnd}
          readOnly={!admin}
          onChange={(dayEnd) => setModel({ ...model, calendar: { ...model.calendar, dayEnd } })}
          {...fieldError(issueAt(change.refusal, (p) => p.startsWith('calendar.dayEnd')))}
        />
        <MultiSelect
          label="Working days"
          name="workingDays"
          value={[...model.calendar.workingDays]}
          options={WEEKDAYS}
          readOnly={!admin}
          onChange={(days) =>
            setModel({ ...model, calendar: { ...model.calendar, workingDays: days.map(Number) } })
          }
        />
      </Flex>
      <TextArea
        label="Holidays (YYYY-MM-DD, comma-separated)"
        name="holidays"
        value={model.calendar.holidays.join(', ')}
        readOnly={!admin}
        onChange={(v) =>
          setModel({
            ...model,
            calendar: {
              ...model.calendar,
              holidays: v
                .split(',')
                .map((d) => d.trim())
                .filter((d) => d !== ''),
            },
          })
        }
        {...fieldError(issueAt(change.refusal, (p) => p.startsWith('calendar.holidays')))}
      />
      {admin && (
        <Flex direction="row" gap="xs">
          <Button
            variant="primary"
            disabled={change.busy}
            onClick={() => void change.run(() => api.saveModel(model), 'Funnel model saved')}
          >
            Save model
          </Button>
          <Button variant="secondary" onClick={() => setModel(data.funnel.model)}>
            Discard changes
          </Button>
        </Flex>
      )}
    </Flex>
  );
}
