import { type FormEvent, useId, useState } from 'react';
import { ApiError, get, patch, put, segment } from '../api.ts';
import { BusyButton, Loading } from '../components/Busy.tsx';
import { ErrorAlert, Saved } from '../components/ErrorAlert.tsx';
import { JsonField, parseJson, pretty } from '../components/JsonField.tsx';
import { StagesTable } from '../components/ModelTables.tsx';
import { Page } from '../components/Page.tsx';
import { TableScroll } from '../components/Scroll.tsx';
import { useAction, useGet } from '../hooks.ts';
import { useHasRole } from '../session.tsx';
import type { FunnelModel, JourneyMapping, SettingsView } from '../types.ts';

function parsedOrThrow(text: string, field: string): unknown {
  const parsed = parseJson(text, field);
  if (!parsed.ok)
    throw new ApiError(400, 'input_invalid', 'Nothing was saved: fix the JSON first.', [parsed.problem]);
  return parsed.value;
}

export function FunnelPage() {
  const settings = useGet<SettingsView>('/settings');
  const admin = useHasRole('admin');
  return (
    <Page
      title="Funnel and ownership"
      intro="The stages a lead moves through, which functions own each stage and by what share, and the CRM values that put a record in each stage."
    >
      <ErrorAlert error={settings.error} title="The funnel model could not be loaded" />
      {settings.loading && !settings.data && <Loading what="the funnel model" />}
      {settings.data && (
        <>
          <CurrentModel view={settings.data} />
          <ModelEditor view={settings.data} admin={admin} onSaved={settings.reload} />
          <JourneyMappingView
            mapping={settings.data.settings.journeyMapping}
            admin={admin}
            onSaved={settings.reload}
          />
        </>
      )}
    </Page>
  );
}

function CurrentModel({ view }: { readonly view: SettingsView }) {
  const { model, version } = view.funnel;
  return (
    <section aria-labelledby="model-h">
      <h2 id="model-h">{model.name}</h2>
      <p>
        {version === null
          ? 'Your tenant runs on its CRM’s default model; saving a model makes it your own.'
          : `Version ${version} of your tenant’s model.`}{' '}
        Functions: {model.functions.map((f) => f.label).join(', ')}.
      </p>
      <StagesTable model={model} caption="Stages, top of the funnel first" />
    </section>
  );
}

function ModelEditor({
  view,
  admin,
  onSaved,
}: {
  readonly view: SettingsView;
  readonly admin: boolean;
  readonly onSaved: () => void;
}) {
  const id = useId();
  const presets = view.funnel.presets;
  const [preset, setPreset] = useState(presets[0]?.key ?? '');
  const [candidate, setCandidate] = useState<FunnelModel | null>(null);
  const [text, setText] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const action = useAction();
  const load = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const found = await action.run('preset', () =>
      get<{ model: FunnelModel }>(`/settings/funnel-model/presets/${segment(preset)}`),
    );
    if (found) {
      setCandidate(found.model);
      setText(pretty(found.model));
    }
  };
  const editCurrent = () => {
    setSaved(null);
    setCandidate(view.funnel.model);
    setText(pretty(view.funnel.model));
  };
  const save = async () => {
    setSaved(null);
    const done = await action.run('save', () =>
      put<{ version: number; model: FunnelModel }>('/settings/funnel-model', parsedOrThrow(text, 'model')),
    );
    if (done) {
      setSaved(`Saved as version ${done.version} of the funnel model.`);
      setCandidate(null);
      onSaved();
    }
  };
  const chosen = presets.find((p) => p.key === preset);
  const invalid = action.error instanceof ApiError && action.error.problems.length > 0;
  return (
    <section aria-labelledby={`${id}-h`} aria-busy={action.busy !== null}>
      <h2 id={`${id}-h`}>Change the model</h2>
      <form onSubmit={load} className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-preset`}>Preset</label>
          <select id={`${id}-preset`} value={preset} onChange={(e) => setPreset(e.target.value)}>
            {presets.map((p) => (
              <option key={p.key} value={p.key}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <BusyButton type="submit" busy={action.busy === 'preset'}>
          Load preset
        </BusyButton>
        {admin && (
          <BusyButton className="button button-quiet" onClick={editCurrent}>
            Edit current model
          </BusyButton>
        )}
      </form>
      {chosen && <p className="hint">{chosen.description}</p>}
      <ErrorAlert error={action.error} title="The funnel model was not changed" />
      <Saved message={saved} />
      {candidate && (
        <>
          <h3>Candidate model: {candidate.name}</h3>
          <p className="hint">
            Nothing changes until it is saved. The preset keeps your business hours and maps its stages to
            your CRM’s default fields.
          </p>
          <StagesTable model={candidate} caption={`Stages of ${candidate.name}, as loaded`} />
          {admin ? (
            <>
              <JsonField
                label="Funnel model (JSON)"
                value={text}
                onChange={setText}
                invalid={invalid}
                rows={18}
                hint="Stages, owner weights (summing to 1 per stage), SLAs, mapping to CRM values, business calendar."
              />
              <div className="actions">
                <BusyButton busy={action.busy === 'save'} onClick={save}>
                  Save funnel model
                </BusyButton>
                <BusyButton className="button button-quiet" onClick={() => setCandidate(null)}>
                  Discard
                </BusyButton>
              </div>
            </>
          ) : (
            <p>Only an admin can save a funnel model; ask an admin of your tenant to apply this preset.</p>
          )}
        </>
      )}
    </section>
  );
}

function JourneyMappingView({
  mapping,
  admin,
  onSaved,
}: {
  readonly mapping: JourneyMapping;
  readonly admin: boolean;
  readonly onSaved: () => void;
}) {
  const [text, setText] = useState(pretty(mapping));
  const [saved, setSaved] = useState<string | null>(null);
  const action = useAction();
  const save = async () => {
    setSaved(null);
    const done = await action.run('mapping', () =>
      patch('/settings/tenant-settings', { journeyMapping: parsedOrThrow(text, 'journeyMapping') }),
    );
    if (done) {
      setSaved('Journey mapping saved.');
      onSaved();
    }
  };
  const invalid = action.error instanceof ApiError && action.error.problems.length > 0;
  return (
    <section aria-labelledby="mapping-h" aria-busy={action.busy !== null}>
      <h2 id="mapping-h">CRM field mapping</h2>
      <p>
        The holder of a lead is read from <code>{mapping.ownerProperty}</code>
        {mapping.assigneeProperty && (
          <>
            {' '}
            (or the assignee in <code>{mapping.assigneeProperty}</code>)
          </>
        )}
        ; its creation time from <code>{mapping.createdAtProperty}</code>.
      </p>
      <TableScroll>
        <table>
          <caption>CRM status values that mean a hand-off event</caption>
          <thead>
            <tr>
              <th scope="col">Property</th>
              <th scope="col">Value</th>
              <th scope="col">Event</th>
              <th scope="col">While awaiting acceptance</th>
              <th scope="col">Reason code</th>
            </tr>
          </thead>
          <tbody>
            {mapping.statusEvents.length === 0 ? (
              <tr>
                <td colSpan={5}>No status values are mapped.</td>
              </tr>
            ) : (
              mapping.statusEvents.map((m) => (
                <tr key={`${m.property}=${m.value}`}>
                  <th scope="row">
                    <code>{m.property}</code>
                  </th>
                  <td>{m.value}</td>
                  <td>{m.event}</td>
                  <td>{m.whileAwaitingAcceptance ?? '—'}</td>
                  <td>{m.reasonCode ?? '—'}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </TableScroll>
      {admin && (
        <>
          <JsonField
            label="Journey mapping (JSON)"
            value={text}
            onChange={setText}
            invalid={invalid}
            rows={12}
          />
          <ErrorAlert error={action.error} title="The mapping was not saved" />
          <BusyButton busy={action.busy === 'mapping'} onClick={save}>
            Save journey mapping
          </BusyButton>
          <Saved message={saved} />
        </>
      )}
    </section>
  );
}
