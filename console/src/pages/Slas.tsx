import { type FormEvent, useId, useState } from 'react';
import { ApiError, patch, put } from '../api.ts';
import { BusyButton, Loading } from '../components/Busy.tsx';
import { ErrorAlert, Saved } from '../components/ErrorAlert.tsx';
import { JsonField, parseJson, pretty } from '../components/JsonField.tsx';
import { Page } from '../components/Page.tsx';
import { TableScroll } from '../components/Scroll.tsx';
import { hours, percent } from '../format.ts';
import { useAction, useGet } from '../hooks.ts';
import { useHasRole } from '../session.tsx';
import type { FunnelModel, ReasonCode, SettingsView } from '../types.ts';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

type Calendar = FunnelModel['calendar'];
type Sla = NonNullable<FunnelModel['stages'][number]['sla']>;

function actionText(action: Sla['breachActions'][number]): string {
  switch (action.kind) {
    case 'notify':
      return `notify the ${action.target}`;
    case 'reassign':
      return `reassign to queue ${action.queue}`;
    case 'return_to_marketing':
      return 'return to marketing';
  }
}

export function SlasPage() {
  const settings = useGet<SettingsView>('/settings');
  const admin = useHasRole('admin');
  return (
    <Page
      title="SLAs and business hours"
      intro="How quickly each stage must be answered, the hours the clock counts, and the reasons sales can give."
    >
      <ErrorAlert error={settings.error} title="The settings could not be loaded" />
      {settings.loading && !settings.data && <Loading what="the SLAs" />}
      {settings.data && (
        <>
          <SlaTable model={settings.data.funnel.model} />
          <BusinessHours
            key={pretty(settings.data.funnel.model.calendar)}
            model={settings.data.funnel.model}
            admin={admin}
            onSaved={settings.reload}
          />
          <ReasonCodes
            key={pretty(settings.data.settings.reasonCodes)}
            codes={settings.data.settings.reasonCodes}
            own={settings.data.ownSections.includes('reasonCodes')}
            admin={admin}
            onSaved={settings.reload}
          />
        </>
      )}
    </Page>
  );
}

function SlaTable({ model }: { readonly model: FunnelModel }) {
  const timed = model.stages.filter((s) => s.sla);
  return (
    <section aria-labelledby="sla-h">
      <h2 id="sla-h">Stage SLAs</h2>
      {timed.length === 0 ? (
        <p>No stage of {model.name} has an SLA. Add one to a stage in the funnel model.</p>
      ) : (
        <TableScroll>
          <table>
            <caption>SLA of each stage of {model.name}</caption>
            <thead>
              <tr>
                <th scope="col">Stage</th>
                <th scope="col">Target</th>
                <th scope="col">Clock</th>
                <th scope="col">At risk after</th>
                <th scope="col">On breach</th>
                <th scope="col">Stops on</th>
              </tr>
            </thead>
            <tbody>
              {timed.map((stage) =>
                stage.sla ? (
                  <tr key={stage.key}>
                    <th scope="row">{stage.label}</th>
                    <td>{hours(stage.sla.targetMinutes)}</td>
                    <td>{stage.sla.clock === 'business' ? 'Business hours' : 'Calendar hours'}</td>
                    <td>{percent(stage.sla.atRiskShare)} of the target</td>
                    <td>{stage.sla.breachActions.map(actionText).join(', ') || 'nothing'}</td>
                    <td>{stage.sla.stopsOn?.join(', ') || 'leaving the stage'}</td>
                  </tr>
                ) : null,
              )}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

function BusinessHours({
  model,
  admin,
  onSaved,
}: {
  readonly model: FunnelModel;
  readonly admin: boolean;
  readonly onSaved: () => void;
}) {
  const id = useId();
  const calendar = model.calendar;
  const [timeZone, setTimeZone] = useState(calendar.timeZone);
  const [days, setDays] = useState<readonly number[]>(calendar.workingDays);
  const [dayStart, setDayStart] = useState(calendar.dayStart);
  const [dayEnd, setDayEnd] = useState(calendar.dayEnd);
  const [holidays, setHolidays] = useState(calendar.holidays.join('\n'));
  const [targets, setTargets] = useState<Record<string, string>>(() =>
    Object.fromEntries(model.stages.flatMap((s) => (s.sla ? [[s.key, String(s.sla.targetMinutes)]] : []))),
  );
  const [saved, setSaved] = useState<string | null>(null);
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const next: Calendar = {
      timeZone: timeZone.trim(),
      workingDays: [...days].sort((a, b) => a - b),
      dayStart,
      dayEnd,
      holidays: holidays
        .split(/[\s,]+/)
        .map((h) => h.trim())
        .filter((h) => h !== ''),
    };
    const stages = model.stages.map((stage) => {
      const target = targets[stage.key];
      return stage.sla && target !== undefined
        ? { ...stage, sla: { ...stage.sla, targetMinutes: Number(target) } }
        : stage;
    });
    const done = await action.run('save', () =>
      put<{ version: number }>('/settings/funnel-model', { ...model, stages, calendar: next }),
    );
    if (done) {
      setSaved(`Saved as version ${done.version} of the funnel model.`);
      onSaved();
    }
  };
  const toggle = (day: number) =>
    setDays((d) => (d.includes(day) ? d.filter((x) => x !== day) : [...d, day]));
  return (
    <section aria-labelledby={`${id}-h`} aria-busy={action.busy !== null}>
      <h2 id={`${id}-h`}>Business hours</h2>
      <p>
        {calendar.timeZone}, {calendar.workingDays.map((d) => DAYS[d - 1]).join(', ')}, {calendar.dayStart}–
        {calendar.dayEnd}.{' '}
        {calendar.holidays.length === 0
          ? 'No holidays listed.'
          : `Holidays: ${calendar.holidays.join(', ')}.`}
      </p>
      {admin ? (
        <form onSubmit={submit}>
          <div className="form-grid">
            <div className="field">
              <label htmlFor={`${id}-tz`}>Time zone</label>
              <input
                id={`${id}-tz`}
                value={timeZone}
                onChange={(e) => setTimeZone(e.target.value)}
                placeholder="Europe/Helsinki"
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-start`}>Day starts</label>
              <input
                id={`${id}-start`}
                type="time"
                value={dayStart}
                onChange={(e) => setDayStart(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-end`}>Day ends</label>
              <input
                id={`${id}-end`}
                type="time"
                value={dayEnd}
                onChange={(e) => setDayEnd(e.target.value)}
              />
            </div>
          </div>
          <fieldset>
            <legend>Working days</legend>
            <div className="actions">
              {DAYS.map((name, i) => (
                <label key={name}>
                  <input type="checkbox" checked={days.includes(i + 1)} onChange={() => toggle(i + 1)} />{' '}
                  {name}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="field">
            <label htmlFor={`${id}-holidays`}>Holidays (one YYYY-MM-DD date a line)</label>
            <textarea
              id={`${id}-holidays`}
              className="short"
              rows={4}
              value={holidays}
              onChange={(e) => setHolidays(e.target.value)}
            />
          </div>
          {Object.keys(targets).length > 0 && (
            <fieldset>
              <legend>SLA targets in minutes</legend>
              <div className="form-grid">
                {model.stages.map((stage) =>
                  targets[stage.key] === undefined ? null : (
                    <div className="field" key={stage.key}>
                      <label htmlFor={`${id}-sla-${stage.key}`}>{stage.label} target (minutes)</label>
                      <input
                        id={`${id}-sla-${stage.key}`}
                        type="number"
                        min={1}
                        value={targets[stage.key]}
                        onChange={(e) => setTargets((t) => ({ ...t, [stage.key]: e.target.value }))}
                      />
                    </div>
                  ),
                )}
              </div>
            </fieldset>
          )}
          <ErrorAlert error={action.error} title="The business hours were not saved" />
          <BusyButton type="submit" busy={action.busy === 'save'}>
            Save business hours and SLAs
          </BusyButton>
          <Saved message={saved} />
        </form>
      ) : (
        <p className="hint">Only an admin can change business hours and SLAs.</p>
      )}
    </section>
  );
}

function ReasonCodes({
  codes,
  own,
  admin,
  onSaved,
}: {
  readonly codes: readonly ReasonCode[];
  readonly own: boolean;
  readonly admin: boolean;
  readonly onSaved: () => void;
}) {
  const [text, setText] = useState(pretty(codes));
  const [saved, setSaved] = useState<string | null>(null);
  const action = useAction();
  const save = async (value: unknown, message: string) => {
    setSaved(null);
    const done = await action.run('codes', () => patch('/settings/tenant-settings', { reasonCodes: value }));
    if (done) {
      setSaved(message);
      onSaved();
    }
  };
  const submit = () => {
    const parsed = parseJson(text, 'reasonCodes');
    if (!parsed.ok) {
      void action.run('codes', () =>
        Promise.reject(
          new ApiError(400, 'input_invalid', 'Nothing was saved: fix the JSON first.', [parsed.problem]),
        ),
      );
      return;
    }
    void save(parsed.value, 'Reason codes saved.');
  };
  const invalid = action.error instanceof ApiError && action.error.problems.length > 0;
  return (
    <section aria-labelledby="codes-h" aria-busy={action.busy !== null}>
      <h2 id="codes-h">Reason codes</h2>
      <p>
        {own
          ? 'Your tenant’s own reason codes.'
          : 'The default reason codes; your tenant has not changed them.'}{' '}
        Sales picks one when rejecting a hand-off or losing a deal.
      </p>
      <TableScroll>
        <table>
          <caption>Reasons sales can give</caption>
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Key</th>
              <th scope="col">Applies to</th>
            </tr>
          </thead>
          <tbody>
            {codes.map((code) => (
              <tr key={code.key}>
                <th scope="row">{code.label}</th>
                <td>
                  <code>{code.key}</code>
                </td>
                <td>{code.appliesTo.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {admin && (
        <>
          <JsonField
            label="Reason codes (JSON)"
            value={text}
            onChange={setText}
            invalid={invalid}
            rows={12}
            hint='A list of { "key": "snake_case", "label": "…", "appliesTo": ["rejected", "lost", "disqualified"] }.'
          />
          <ErrorAlert error={action.error} title="The reason codes were not saved" />
          <div className="actions">
            <BusyButton busy={action.busy === 'codes'} onClick={submit}>
              Save reason codes
            </BusyButton>
            {own && (
              <BusyButton
                className="button button-quiet"
                onClick={() => void save(null, 'Reason codes reset to the defaults.')}
              >
                Reset to defaults
              </BusyButton>
            )}
          </div>
          <Saved message={saved} />
        </>
      )}
    </section>
  );
}
