import { type FormEvent, useEffect, useId, useState } from 'react';
import { get, patch, post } from '../api.ts';
import { BusyButton, Empty, Loading } from '../components/Busy.tsx';
import { ErrorAlert, Saved } from '../components/ErrorAlert.tsx';
import { Page } from '../components/Page.tsx';
import { TableScroll } from '../components/Scroll.tsx';
import { dateTime, formatNumber } from '../format.ts';
import { useAction, useGet } from '../hooks.ts';
import { useHasRole, useRefreshSession, useSession } from '../session.tsx';
import type { Role, SettingsView } from '../types.ts';

const ROLES: readonly (readonly [Role, string])[] = [
  ['marketing', 'Marketing'],
  ['sales', 'Sales'],
  ['admin', 'Admin'],
];

/** How often a running backfill's progress is read again. */
const POLL_MS = 2000;

interface Grant {
  readonly users: readonly string[];
  readonly teams: readonly string[];
}

type Grants = Readonly<Record<Role, Grant>>;

interface BackfillRun {
  readonly objectType: string;
  readonly imported: number;
  readonly expectedTotal: number | null;
  readonly slicesDone: number;
  readonly slices: number;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly finishedAt: string | null;
}

interface BackfillStatus {
  readonly running: boolean;
  readonly startedAt: string | null;
  readonly lastError: string | null;
  readonly runs: readonly BackfillRun[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The settings view types roles as unknown: what does not have the expected shape grants nothing. */
function grantsOf(roles: unknown): Grants {
  const own = isRecord(roles) ? roles : {};
  const grant = (role: Role): Grant => {
    const entry = own[role];
    return isRecord(entry)
      ? { users: strings(entry.users), teams: strings(entry.teams) }
      : { users: [], teams: [] };
  };
  return { marketing: grant('marketing'), sales: grant('sales'), admin: grant('admin') };
}

/** One id a line: blanks dropped, spaces trimmed, repeats kept once in their first place. */
function idsOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== ''),
    ),
  ];
}

export function AdminPage() {
  const admin = useHasRole('admin');
  return (
    <Page
      title="Administration"
      intro="Who holds which role in Baton, and the import of the records your CRM held before Baton was installed."
    >
      {!admin && (
        <p className="hint">
          Everyone can see these settings; only an admin can change them or start a backfill.
        </p>
      )}
      <RolesSection />
      <BackfillSection />
    </Page>
  );
}

function RolesSection() {
  const settings = useGet<SettingsView>('/settings');
  const refreshSession = useRefreshSession();
  const refreshing = useAction();
  // Kept here, not in the form, because a save remounts the form with the roles as saved.
  const [saved, setSaved] = useState<string | null>(null);
  const grants = settings.data ? grantsOf(settings.data.settings.roles) : null;
  const onSaved = () => {
    setSaved('Roles saved.');
    settings.reload();
    // The header shows the caller's roles, which this save may have changed.
    void refreshing.run('session', refreshSession);
  };
  return (
    <section aria-labelledby="roles-h">
      <h2 id="roles-h">Roles</h2>
      <ErrorAlert error={settings.error} title="The roles could not be loaded" />
      {settings.loading && !settings.data && <Loading what="the roles" />}
      {grants && (
        <RolesForm
          key={JSON.stringify(grants)}
          grants={grants}
          onSaving={() => setSaved(null)}
          onSaved={onSaved}
        />
      )}
      <ErrorAlert
        error={refreshing.error}
        title="The roles were saved, but the header may show your old ones"
      />
      <Saved message={saved} />
    </section>
  );
}

function RolesForm({
  grants,
  onSaving,
  onSaved,
}: {
  readonly grants: Grants;
  readonly onSaving: () => void;
  readonly onSaved: () => void;
}) {
  const id = useId();
  const { tenant } = useSession();
  const salesforce = tenant.crm === 'salesforce';
  const groups = salesforce ? 'permission sets' : 'teams';
  const [text, setText] = useState<Record<Role, { users: string; teams: string }>>(() => ({
    marketing: { users: grants.marketing.users.join('\n'), teams: grants.marketing.teams.join('\n') },
    sales: { users: grants.sales.users.join('\n'), teams: grants.sales.teams.join('\n') },
    admin: { users: grants.admin.users.join('\n'), teams: grants.admin.teams.join('\n') },
  }));
  const [noAdmin, setNoAdmin] = useState(false);
  const action = useAction();
  const edit = (role: Role, field: 'users' | 'teams', value: string) =>
    setText((t) => ({ ...t, [role]: { ...t[role], [field]: value } }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    onSaving();
    action.clear();
    const roles = {
      marketing: { users: idsOf(text.marketing.users), teams: idsOf(text.marketing.teams) },
      sales: { users: idsOf(text.sales.users), teams: idsOf(text.sales.teams) },
      admin: { users: idsOf(text.admin.users), teams: idsOf(text.admin.teams) },
    };
    // Without an admin nobody could change the roles back from the console.
    const empty = roles.admin.users.length === 0 && roles.admin.teams.length === 0;
    setNoAdmin(empty);
    if (empty) return;
    const done = await action.run('save', () =>
      patch<{ settings: unknown }>('/settings/tenant-settings', { roles }),
    );
    if (done) onSaved();
  };
  return (
    <form onSubmit={submit} aria-busy={action.busy !== null}>
      <p className="hint" id={`${id}-hint`}>
        One id a line. Users are {salesforce ? 'Salesforce user ids (they start 005)' : 'HubSpot user ids'}; a
        user listed for a role holds it.{' '}
        {salesforce
          ? 'Permission sets are the API names of Salesforce permission sets, with the namespace when packaged (such as baton__Baton_Sales_Rep); everyone assigned one holds the role.'
          : 'Teams are HubSpot team ids; everyone on a listed team holds the role.'}
      </p>
      {ROLES.map(([role, name]) => (
        <fieldset key={role}>
          <legend>{name}</legend>
          <div className="form-grid">
            <div className="field">
              <label htmlFor={`${id}-${role}-users`}>{name} users</label>
              <textarea
                id={`${id}-${role}-users`}
                className="short"
                rows={4}
                value={text[role].users}
                onChange={(e) => edit(role, 'users', e.target.value)}
                aria-describedby={`${id}-hint`}
                aria-invalid={role === 'admin' && noAdmin ? true : undefined}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-${role}-teams`}>
                {name} {groups}
              </label>
              <textarea
                id={`${id}-${role}-teams`}
                className="short"
                rows={4}
                value={text[role].teams}
                onChange={(e) => edit(role, 'teams', e.target.value)}
                aria-describedby={`${id}-hint`}
                aria-invalid={role === 'admin' && noAdmin ? true : undefined}
              />
            </div>
          </div>
        </fieldset>
      ))}
      {noAdmin && (
        <div role="alert" className="alert alert-warn">
          <p className="alert-title">Nobody would be an admin</p>
          <p>
            Nothing was saved. List at least one admin user or one admin{' '}
            {salesforce ? 'permission set' : 'team'}, or nobody could change the roles again.
          </p>
        </div>
      )}
      <ErrorAlert error={action.error} title="The roles were not saved" />
      <BusyButton type="submit" busy={action.busy === 'save'}>
        Save roles
      </BusyButton>
    </form>
  );
}

function BackfillSection() {
  const id = useId();
  const status = useGet<BackfillStatus>('/backfill');
  const { data, replace } = status;
  const [restart, setRestart] = useState(false);
  const [pollError, setPollError] = useState<unknown>(null);
  const [misses, setMisses] = useState(0);
  const action = useAction();

  // One read per answer while it runs: each new answer schedules the next, and leaving the page cancels it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `misses` retries after a failed read
  useEffect(() => {
    if (!data?.running) return;
    let current = true;
    const timer = setTimeout(() => {
      get<BackfillStatus>('/backfill').then(
        (next) => {
          if (!current) return;
          setPollError(null);
          replace(next);
        },
        (failure: unknown) => {
          if (!current) return;
          setPollError(failure);
          setMisses((m) => m + 1);
        },
      );
    }, POLL_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [data, replace, misses]);

  const start = async (event: FormEvent) => {
    event.preventDefault();
    const started = await action.run('start', () => post<BackfillStatus>('/backfill', { restart }));
    if (started) {
      setRestart(false);
      replace(started);
    } else {
      // A refusal may mean one is running already: showing it beats a button that looks ready.
      status.reload();
    }
  };
  const running = data?.running === true;
  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Backfill</h2>
      <p>
        Imports the records your CRM held before Baton was installed, object by object in slices. A stopped
        backfill carries on where it stood the next time it starts.
      </p>
      <ErrorAlert error={status.error} title="The backfill status could not be loaded" />
      <ErrorAlert error={pollError} title="The backfill’s progress stopped updating" />
      <p role="status">{data ? statusLine(data) : ''}</p>
      {data?.lastError && (
        <div role="alert" className="alert alert-error">
          <p className="alert-title">The last backfill failed</p>
          <p>{data.lastError}</p>
          <p className="alert-hint">
            Fix what the message names (a CRM connection that lost access, for example: reconnect it), then
            start the backfill again; it carries on where it stopped.
          </p>
        </div>
      )}
      {status.loading && !data && <Loading what="the backfill status" />}
      {data && <RunsTable status={data} />}
      <form onSubmit={start} aria-busy={action.busy !== null}>
        <div className="field">
          <label>
            <input
              type="checkbox"
              checked={restart}
              onChange={(e) => setRestart(e.target.checked)}
              aria-describedby={`${id}-restart-hint`}
            />{' '}
            Start over from the beginning
          </label>
          <p className="hint" id={`${id}-restart-hint`}>
            Imports every record again instead of carrying on from where the last backfill stood.
          </p>
        </div>
        <ErrorAlert error={action.error} title="The backfill was not started" />
        <BusyButton type="submit" busy={action.busy === 'start'} disabled={running}>
          Start backfill
        </BusyButton>
      </form>
    </section>
  );
}

function statusLine(status: BackfillStatus): string {
  if (status.running) {
    return status.startedAt ? `Running since ${dateTime(status.startedAt)}.` : 'Running.';
  }
  if (status.runs.length === 0) {
    return status.lastError
      ? 'Never finished: the last attempt failed before it imported anything.'
      : 'Never run.';
  }
  if (status.runs.some((run) => run.finishedAt === null)) {
    const last = latest(status.runs.map((run) => run.updatedAt));
    return `Stopped before it finished; last progress ${dateTime(last)}. Start it again to carry on.`;
  }
  return `Finished ${dateTime(latest(status.runs.map((run) => run.finishedAt ?? run.updatedAt)))}.`;
}

function latest(times: readonly string[]): string {
  return times.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
}

function RunsTable({ status }: { readonly status: BackfillStatus }) {
  if (status.runs.length === 0) return <Empty>No backfill has run yet.</Empty>;
  return (
    <div className="table-block">
      <TableScroll>
        <table>
          <caption>Backfill of each object</caption>
          <thead>
            <tr>
              <th scope="col">Object</th>
              <th scope="col">Progress</th>
              <th scope="col">Imported</th>
              <th scope="col">Expected</th>
              <th scope="col">Slices</th>
              <th scope="col">Started</th>
              <th scope="col">Updated</th>
              <th scope="col">Finished</th>
            </tr>
          </thead>
          <tbody>
            {status.runs.map((run) => (
              <tr key={`${run.objectType}:${run.startedAt}`}>
                <th scope="row">{run.objectType}</th>
                <td>
                  <RunProgress run={run} running={status.running} />
                </td>
                <td className="num">{formatNumber(run.imported)}</td>
                <td className="num">{run.expectedTotal === null ? '—' : formatNumber(run.expectedTotal)}</td>
                <td className="num">
                  {run.slicesDone} of {run.slices}
                </td>
                <td>{dateTime(run.startedAt)}</td>
                <td>{dateTime(run.updatedAt)}</td>
                <td>
                  {run.finishedAt ? dateTime(run.finishedAt) : status.running ? 'Running' : 'Not finished'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}

/**
 * Records against the expected total when the CRM gave one; otherwise an indeterminate bar while
 * it runs, and slices done once it stands still, so a stopped run never looks busy.
 */
function RunProgress({ run, running }: { readonly run: BackfillRun; readonly running: boolean }) {
  const label = `Backfill progress for ${run.objectType}`;
  if (run.finishedAt !== null) return <progress aria-label={label} value={1} max={1} />;
  if (run.expectedTotal !== null && run.expectedTotal > 0) {
    return (
      <progress
        aria-label={label}
        value={Math.min(run.imported, run.expectedTotal)}
        max={run.expectedTotal}
      />
    );
  }
  if (running) return <progress aria-label={label} />;
  return <progress aria-label={label} value={run.slicesDone} max={Math.max(run.slices, 1)} />;
}
