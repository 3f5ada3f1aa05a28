import { type FormEvent, useId, useMemo, useState } from 'react';
import { ApiError, get, patch, post, query, segment } from '../api.ts';
import { BusyButton, Empty, Loading } from '../components/Busy.tsx';
import { ReportTableView, reportCsvHref } from '../components/DataTable.tsx';
import { ErrorAlert, Saved } from '../components/ErrorAlert.tsx';
import { JsonField, parseJson, pretty } from '../components/JsonField.tsx';
import { Page } from '../components/Page.tsx';
import { TableScroll } from '../components/Scroll.tsx';
import { dateTime, humanize } from '../format.ts';
import { useAction, useGet } from '../hooks.ts';
import type {
  ConsoleDefinition,
  DefinitionChange,
  DefinitionOutcome,
  DryRun,
  ReportAnswer,
} from '../types.ts';

const TEMPLATE = pretty({
  rules: {
    all: [
      { property: 'country', operator: 'in', value: ['US', 'CA'], label: 'In a market we serve' },
      {
        property: 'numberofemployees',
        operator: 'between',
        value: { min: 50 },
        label: 'At least 50 employees',
      },
    ],
  },
  disqualifiers: [{ property: 'email', operator: 'contains', value: '.edu', label: 'Student address' }],
  scoring: { fit: [], engagement: [] },
});

const base = (key: string, version: number) => `/settings/definitions/${segment(key)}/versions/${version}`;

const criteriaOf = (d: ConsoleDefinition) =>
  pretty({
    scope: d.scope,
    ...(d.rules === undefined ? {} : { rules: d.rules }),
    disqualifiers: d.disqualifiers,
    scoring: d.scoring,
  });

function objectOrProblem(text: string, field: string): Record<string, unknown> {
  const parsed = parseJson(text, field);
  if (!parsed.ok)
    throw new ApiError(400, 'input_invalid', 'Nothing was saved: fix the JSON first.', [parsed.problem]);
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError(400, 'input_invalid', 'Nothing was saved: fix the JSON first.', [
      { path: field, message: 'must be a JSON object such as { "rules": …, "scoring": … }' },
    ]);
  }
  return value as Record<string, unknown>;
}

export function DefinitionsPage() {
  const list = useGet<{ definitions: readonly ConsoleDefinition[] }>('/settings/definitions');
  const [selected, setSelected] = useState<string | null>(null);
  const groups = useMemo(() => {
    const byKey = new Map<string, ConsoleDefinition[]>();
    for (const d of list.data?.definitions ?? []) byKey.set(d.key, [...(byKey.get(d.key) ?? []), d]);
    for (const versions of byKey.values()) versions.sort((a, b) => b.version - a.version);
    return byKey;
  }, [list.data]);
  const keys = [...groups.keys()];
  const current = selected !== null && groups.has(selected) ? selected : (keys[0] ?? null);
  return (
    <Page
      title="Definitions"
      intro="The lead definitions marketing and sales agree on. A version goes from draft to proposed, is approved by both functions, and is then activated."
    >
      <ErrorAlert error={list.error} title="The definitions could not be loaded" />
      {list.loading && !list.data && <Loading what="the definitions" />}
      {list.data && keys.length === 0 && <Empty>No definitions yet. Create the first one below.</Empty>}
      {keys.length > 0 && (
        <TableScroll>
          <table>
            <caption>Qualification definitions and their versions</caption>
            <thead>
              <tr>
                <th scope="col">Definition</th>
                <th scope="col">Key</th>
                <th scope="col">Versions</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => {
                const versions = groups.get(key) ?? [];
                return (
                  <tr key={key}>
                    <th scope="row">
                      <button
                        type="button"
                        className="button button-quiet"
                        aria-pressed={key === current}
                        onClick={() => setSelected(key)}
                      >
                        {versions[0]?.name ?? key}
                      </button>
                    </th>
                    <td>
                      <code>{key}</code>
                    </td>
                    <td>{versions.map((v) => `v${v.version} ${v.status}`).join(', ')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
      {current !== null && (
        <DefinitionDetail
          key={current}
          versions={groups.get(current) ?? []}
          onChanged={list.reload}
          busy={list.loading}
        />
      )}
      <CreateDefinition
        onCreated={(key) => {
          setSelected(key);
          list.reload();
        }}
      />
    </Page>
  );
}

function CreateDefinition({ onCreated }: { readonly onCreated: (key: string) => void }) {
  const id = useId();
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [criteria, setCriteria] = useState(TEMPLATE);
  const [saved, setSaved] = useState<string | null>(null);
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const made = await action.run('create', async () => {
      const body = objectOrProblem(criteria, 'criteria');
      return post<DefinitionOutcome>('/settings/definitions', {
        key,
        name,
        ...(description.trim() === '' ? {} : { description }),
        ...body,
      });
    });
    if (made) {
      setSaved(`Created ${made.definition.name} as a draft (version 1).`);
      setKey('');
      setName('');
      setDescription('');
      onCreated(made.definition.key);
    }
  };
  const invalid = action.error instanceof ApiError && action.error.problems.length > 0;
  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>New definition</h2>
      <form onSubmit={submit} className="form-grid" aria-busy={action.busy !== null}>
        <div className="field">
          <label htmlFor={`${id}-key`}>Key</label>
          <input
            id={`${id}-key`}
            value={key}
            onChange={(e) => setKey(e.target.value)}
            required
            placeholder="mql"
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} required />
        </div>
        <div className="field field-wide">
          <label htmlFor={`${id}-description`}>Description</label>
          <input
            id={`${id}-description`}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </div>
        <JsonField
          label="Criteria (JSON)"
          value={criteria}
          onChange={setCriteria}
          invalid={invalid}
          hint="rules, disqualifiers, scoring and scope; operators: equals, not_equals, in, not_in, contains, between, date_between, exists, not_exists, within_last."
        />
        <ErrorAlert error={action.error} title="The definition was not created" />
        <BusyButton type="submit" busy={action.busy === 'create'}>
          Create definition
        </BusyButton>
      </form>
      <Saved message={saved} />
    </section>
  );
}

type Step = 'propose' | 'approve-marketing' | 'approve-sales' | 'activate' | 'retire' | 'revise';

const STEP_DONE: Readonly<Record<Step, string>> = {
  propose: 'proposed',
  'approve-marketing': 'approved for marketing',
  'approve-sales': 'approved for sales',
  activate: 'activated',
  retire: 'retired',
  revise: 'revised into a new draft',
};

function DefinitionDetail({
  versions,
  onChanged,
  busy,
}: {
  readonly versions: readonly ConsoleDefinition[];
  readonly onChanged: () => void;
  readonly busy: boolean;
}) {
  const latest = versions[0];
  const action = useAction();
  const [saved, setSaved] = useState<string | null>(null);
  if (!latest) return null;
  const draft = versions.find((v) => v.status === 'draft');
  const step = async (def: ConsoleDefinition, which: Step) => {
    setSaved(null);
    const path = which === 'approve-marketing' || which === 'approve-sales' ? 'approve' : which;
    const body =
      which === 'approve-marketing'
        ? { side: 'marketing' }
        : which === 'approve-sales'
          ? { side: 'sales' }
          : {};
    const done = await action.run(`${def.version}:${which}`, () =>
      post<DefinitionOutcome>(`${base(def.key, def.version)}/${path}`, body),
    );
    if (done) {
      const retired = done.retired ? ` Version ${done.retired.version} was retired.` : '';
      setSaved(
        `Version ${def.version} of ${def.key} ${STEP_DONE[which]}${which === 'revise' ? ` (version ${done.definition.version})` : ''}.${retired}`,
      );
      onChanged();
    }
  };
  const button = (def: ConsoleDefinition, which: Step, label: string) => (
    <BusyButton
      busy={action.busy === `${def.version}:${which}`}
      disabled={action.busy !== null}
      className={which === 'retire' ? 'button button-danger' : 'button'}
      onClick={() => step(def, which)}
    >
      {label}
    </BusyButton>
  );
  return (
    <section aria-labelledby="definition-detail" aria-busy={busy || action.busy !== null}>
      <h2 id="definition-detail">
        {latest.name} <code>{latest.key}</code>
      </h2>
      {latest.description && <p>{latest.description}</p>}
      <ErrorAlert error={action.error} title="The step was not taken" />
      <Saved message={saved} />
      <TableScroll>
        <table>
          <caption>Versions of {latest.key}, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Status</th>
              <th scope="col">Approvals</th>
              <th scope="col">History</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version}>
                <th scope="row">v{v.version}</th>
                <td>
                  <span className="badge badge-info">{v.status}</span>
                  {v.unwatchedProperties.length > 0 && (
                    <p className="hint">
                      Your CRM does not report changes to {v.unwatchedProperties.join(', ')}; records are
                      re-judged on other changes only.
                    </p>
                  )}
                </td>
                <td>
                  Marketing:{' '}
                  {v.approvals.marketing
                    ? `${v.approvals.marketing.by}, ${dateTime(v.approvals.marketing.at)}`
                    : '—'}
                  <br />
                  Sales:{' '}
                  {v.approvals.sales ? `${v.approvals.sales.by}, ${dateTime(v.approvals.sales.at)}` : '—'}
                </td>
                <td>
                  Created {dateTime(v.createdAt)}
                  {v.createdBy && ` by ${v.createdBy}`}
                  {v.proposedAt !== undefined && (
                    <>
                      <br />
                      Proposed {dateTime(v.proposedAt)}
                      {v.proposedBy && ` by ${v.proposedBy}`}
                    </>
                  )}
                  {v.activatedAt !== undefined && (
                    <>
                      <br />
                      Activated {dateTime(v.activatedAt)}
                    </>
                  )}
                  {v.retiredAt !== undefined && (
                    <>
                      <br />
                      Retired {dateTime(v.retiredAt)}
                    </>
                  )}
                  {v.changeNote && (
                    <>
                      <br />
                      Note: {v.changeNote}
                    </>
                  )}
                </td>
                <td>
                  <div className="actions">
                    {v.status === 'draft' && button(v, 'propose', 'Propose')}
                    {v.status === 'proposed' &&
                      !v.approvals.marketing &&
                      button(v, 'approve-marketing', 'Approve as marketing')}
                    {v.status === 'proposed' &&
                      !v.approvals.sales &&
                      button(v, 'approve-sales', 'Approve as sales')}
                    {v.status === 'approved' && button(v, 'activate', 'Activate')}
                    {(v.status === 'approved' || v.status === 'active') && button(v, 'retire', 'Retire')}
                    {v === latest && v.status !== 'draft' && button(v, 'revise', 'Revise')}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {draft && <DraftEditor key={`${draft.version}:${draft.createdAt}`} draft={draft} onSaved={onChanged} />}
      <VersionDiff versions={versions} />
      <DryRunForm versions={versions} />
      <VerdictHistory versions={versions} />
    </section>
  );
}

function DraftEditor({
  draft,
  onSaved,
}: {
  readonly draft: ConsoleDefinition;
  readonly onSaved: () => void;
}) {
  const id = useId();
  const [name, setName] = useState(draft.name);
  const [description, setDescription] = useState(draft.description ?? '');
  const [changeNote, setChangeNote] = useState(draft.changeNote ?? '');
  const [criteria, setCriteria] = useState(criteriaOf(draft));
  const [saved, setSaved] = useState<string | null>(null);
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const done = await action.run('save', async () => {
      const body = objectOrProblem(criteria, 'criteria');
      return patch<DefinitionOutcome>(base(draft.key, draft.version), {
        name,
        ...(description === (draft.description ?? '') ? {} : { description }),
        ...(changeNote.trim() === '' ? {} : { changeNote }),
        ...body,
      });
    });
    if (done) {
      setSaved(`Draft version ${draft.version} saved.`);
      onSaved();
    }
  };
  const invalid = action.error instanceof ApiError && action.error.problems.length > 0;
  return (
    <section aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Edit draft v{draft.version}</h3>
      <form onSubmit={submit} className="form-grid" aria-busy={action.busy !== null}>
        <div className="field">
          <label htmlFor={`${id}-name`}>Draft title</label>
          <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-note`}>Change note</label>
          <input id={`${id}-note`} value={changeNote} onChange={(e) => setChangeNote(e.target.value)} />
        </div>
        <div className="field field-wide">
          <label htmlFor={`${id}-description`}>Draft summary</label>
          <input
            id={`${id}-description`}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </div>
        <JsonField label="Draft criteria JSON" value={criteria} onChange={setCriteria} invalid={invalid} />
        <ErrorAlert error={action.error} title="The draft was not saved" />
        <BusyButton type="submit" busy={action.busy === 'save'}>
          Save draft
        </BusyButton>
      </form>
      <Saved message={saved} />
    </section>
  );
}

function VersionSelect({
  label,
  versions,
  value,
  onChange,
}: {
  readonly label: string;
  readonly versions: readonly ConsoleDefinition[];
  readonly value: number;
  readonly onChange: (version: number) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            v{v.version} ({v.status})
          </option>
        ))}
      </select>
    </div>
  );
}

const show = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value));

function VersionDiff({ versions }: { readonly versions: readonly ConsoleDefinition[] }) {
  const key = versions[0]?.key ?? '';
  const [from, setFrom] = useState(versions[1]?.version ?? versions[0]?.version ?? 1);
  const [to, setTo] = useState(versions[0]?.version ?? 1);
  const [changes, setChanges] = useState<readonly DefinitionChange[] | null>(null);
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = await action.run('diff', () =>
      get<{ changes: readonly DefinitionChange[] }>(
        `/settings/definitions/${segment(key)}/diff${query({ from: String(from), to: String(to) })}`,
      ),
    );
    if (found) setChanges(found.changes);
  };
  return (
    <section aria-labelledby="diff-h">
      <h3 id="diff-h">Compare versions</h3>
      {versions.length < 2 ? (
        <p>There is one version so far; revise it to have something to compare.</p>
      ) : (
        <form onSubmit={submit} className="form-grid">
          <VersionSelect label="From version" versions={versions} value={from} onChange={setFrom} />
          <VersionSelect label="To version" versions={versions} value={to} onChange={setTo} />
          <BusyButton type="submit" busy={action.busy === 'diff'}>
            Show diff
          </BusyButton>
        </form>
      )}
      <ErrorAlert error={action.error} title="The versions could not be compared" />
      {changes !== null &&
        (changes.length === 0 ? (
          <p role="status">These versions judge leads the same way: nothing differs.</p>
        ) : (
          <TableScroll>
            <table>
              <caption>
                Changes from v{from} to v{to}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Path</th>
                  <th scope="col">Before</th>
                  <th scope="col">After</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((c) => (
                  <tr key={c.path}>
                    <th scope="row">
                      <code>{c.path}</code>
                    </th>
                    <td>
                      <code>{show(c.before)}</code>
                    </td>
                    <td>
                      <code>{show(c.after)}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ))}
    </section>
  );
}

function DryRunForm({ versions }: { readonly versions: readonly ConsoleDefinition[] }) {
  const id = useId();
  const [version, setVersion] = useState(versions[0]?.version ?? 1);
  const [recordId, setRecordId] = useState('');
  const [result, setResult] = useState<DryRun | null>(null);
  const action = useAction();
  const key = versions[0]?.key ?? '';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setResult(null);
    const done = await action.run('dry-run', () =>
      post<DryRun>(`${base(key, version)}/dry-run`, { recordId: recordId.trim() }),
    );
    if (done) setResult(done);
  };
  return (
    <section aria-labelledby={`${id}-h`} aria-busy={action.busy !== null}>
      <h3 id={`${id}-h`}>Dry run</h3>
      <p className="hint">Judge one real record by any version, drafts included, without storing anything.</p>
      <form onSubmit={submit} className="form-grid">
        <VersionSelect label="Version to try" versions={versions} value={version} onChange={setVersion} />
        <div className="field">
          <label htmlFor={`${id}-record`}>Record id</label>
          <input
            id={`${id}-record`}
            value={recordId}
            onChange={(e) => setRecordId(e.target.value)}
            required
          />
        </div>
        <BusyButton type="submit" busy={action.busy === 'dry-run'}>
          Dry run
        </BusyButton>
      </form>
      <ErrorAlert error={action.error} title="The dry run did not finish" />
      {result && <DryRunResult run={result} />}
    </section>
  );
}

function DryRunResult({ run }: { readonly run: DryRun }) {
  const r = run.result;
  return (
    <div className="panel" role="status">
      <p>
        <strong>Verdict: {humanize(r.verdict)}</strong> under {r.definitionKey} v{r.definitionVersion} · fit{' '}
        {r.fitScore}
        {r.fitThreshold !== null && ` / ${r.fitThreshold}`} · engagement {r.engagementScore}
        {r.engagementThreshold !== null && ` / ${r.engagementThreshold}`}
      </p>
      <p>{r.explanation}</p>
      <p className="hint">Record values as Baton last saw them, {dateTime(run.observedAt)}.</p>
      {run.unknownProperties.length > 0 && (
        <p>Baton holds no value yet for: {run.unknownProperties.join(', ')}.</p>
      )}
      {run.unwatchedProperties.length > 0 && (
        <p>The CRM does not report changes to: {run.unwatchedProperties.join(', ')}.</p>
      )}
      {[...r.criteria, ...r.disqualifiedBy].length > 0 && (
        <TableScroll>
          <table>
            <caption>Criteria, as judged on this record</caption>
            <thead>
              <tr>
                <th scope="col">Criterion</th>
                <th scope="col">Property</th>
                <th scope="col">Expected</th>
                <th scope="col">Seen</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {[
                ...r.disqualifiedBy.map((c) => ({ ...c, dq: true })),
                ...r.criteria.map((c) => ({ ...c, dq: false })),
              ].map((c) => (
                <tr key={`${c.dq}:${c.path}`}>
                  <th scope="row">{c.label}</th>
                  <td>
                    <code>{c.property}</code> {c.operator}
                  </td>
                  <td>
                    <code>{show(c.expected)}</code>
                  </td>
                  <td>{c.observed ?? 'no value'}</td>
                  <td className={c.met && !c.dq ? 'met' : 'missed'}>
                    {c.dq ? 'disqualified' : c.met ? 'met' : 'missed'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {r.scores.length > 0 && (
        <TableScroll>
          <table>
            <caption>Score rules</caption>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Score</th>
                <th scope="col">Met</th>
                <th scope="col">Points awarded</th>
              </tr>
            </thead>
            <tbody>
              {r.scores.map((s) => (
                <tr key={s.path}>
                  <th scope="row">{s.label}</th>
                  <td>{s.dimension}</td>
                  <td>{s.met ? 'yes' : 'no'}</td>
                  <td className="num">
                    {s.awarded} of {s.points}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </div>
  );
}

/**
 * Baton keeps no per-version verdict counts beside the definitions; the lead-quality report
 * filtered to one version is the history there is: leads it judged and what sales made of them.
 */
function VerdictHistory({ versions }: { readonly versions: readonly ConsoleDefinition[] }) {
  const key = versions[0]?.key ?? '';
  const [version, setVersion] = useState(versions[0]?.version ?? 1);
  const [answer, setAnswer] = useState<ReportAnswer | null>(null);
  const action = useAction();
  const filter = query({ definition: `${key}@${version}` });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = await action.run('history', () => get<ReportAnswer>(`/reports/lead-quality${filter}`));
    if (found) setAnswer(found);
  };
  const summary = answer?.tables.find((t) => t.name === 'summary');
  return (
    <section aria-labelledby="history-h" aria-busy={action.busy !== null}>
      <h3 id="history-h">Verdict history</h3>
      <form onSubmit={submit} className="form-grid">
        <VersionSelect label="History for" versions={versions} value={version} onChange={setVersion} />
        <BusyButton type="submit" busy={action.busy === 'history'}>
          Show verdict history
        </BusyButton>
      </form>
      <ErrorAlert error={action.error} title="The verdict history could not be loaded" />
      {answer && (
        <>
          <p role="status">
            {answer.leads === 0
              ? `No lead carries a verdict by ${key} v${version} yet.`
              : `${answer.leads} leads carry a verdict by ${key} v${version}.`}
          </p>
          {summary && answer.leads > 0 && (
            <ReportTableView
              table={summary}
              caption={`Leads judged by ${key} v${version} and what became of them`}
              csvHref={reportCsvHref('lead-quality', filter, 'summary')}
            />
          )}
        </>
      )}
    </section>
  );
}
