import { type ComponentType, lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { ApiError, get, onUnauthorized, post, setCsrfToken } from './api.ts';
import { BusyButton, Loading } from './components/Busy.tsx';
import { ErrorAlert } from './components/ErrorAlert.tsx';
import { Page } from './components/Page.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { SessionContext, SessionRefreshContext } from './session.tsx';
import type { Session } from './types.ts';

function named<K extends string, P extends object>(
  load: () => Promise<{ readonly [k in K]: ComponentType<P> }>,
  name: K,
) {
  return lazy(async () => ({ default: (await load())[name] }));
}

const Overview = named(() => import('./pages/Overview.tsx'), 'OverviewPage');
const Reports = named(() => import('./pages/Reports.tsx'), 'ReportsPage');
const Leads = named(() => import('./pages/Leads.tsx'), 'LeadsPage');
const LeadCard = named(() => import('./pages/LeadCard.tsx'), 'LeadCardPage');
const Definitions = named(() => import('./pages/Definitions.tsx'), 'DefinitionsPage');
const Funnel = named(() => import('./pages/Funnel.tsx'), 'FunnelPage');
const Slas = named(() => import('./pages/Slas.tsx'), 'SlasPage');
const Assessments = named(() => import('./pages/Assessments.tsx'), 'AssessmentsPage');
const Audit = named(() => import('./pages/Audit.tsx'), 'AuditPage');
const Feedback = named(() => import('./pages/Feedback.tsx'), 'FeedbackPage');
const Admin = named(() => import('./pages/Admin.tsx'), 'AdminPage');

const NAV: readonly (readonly [string, string])[] = [
  ['/', 'Overview'],
  ['/reports', 'Reports'],
  ['/leads', 'Leads'],
  ['/definitions', 'Definitions'],
  ['/funnel', 'Funnel'],
  ['/slas', 'SLAs'],
  ['/assessments', 'Assessments'],
  ['/audit', 'Audit'],
  ['/feedback', 'Feedback'],
  ['/admin', 'Administration'],
];

type State =
  | { readonly kind: 'loading' }
  | { readonly kind: 'signed-out' }
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'signed-in'; readonly session: Session };

export function App() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const load = useCallback(() => {
    setState({ kind: 'loading' });
    get<Session>('/session').then(
      (session) => {
        setCsrfToken(session.csrfToken);
        setState({ kind: 'signed-in', session });
      },
      (error: unknown) =>
        setState(
          error instanceof ApiError && error.status === 401
            ? { kind: 'signed-out' }
            : { kind: 'failed', error },
        ),
    );
  }, []);
  // Unlike `load`, the page stays mounted while the session is read again; a failure is the caller's to show.
  const refresh = useCallback(async () => {
    try {
      const session = await get<Session>('/session');
      setCsrfToken(session.csrfToken);
      setState({ kind: 'signed-in', session });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setState({ kind: 'signed-out' });
      throw error;
    }
  }, []);
  useEffect(() => {
    onUnauthorized(() => setState({ kind: 'signed-out' }));
    load();
  }, [load]);

  switch (state.kind) {
    case 'loading':
      return (
        <main id="main" className="solo">
          <Loading what="the console" />
        </main>
      );
    case 'signed-out':
      return <SignIn />;
    case 'failed':
      return (
        <main id="main" className="solo">
          <Page title="Baton console">
            <ErrorAlert error={state.error} title="The console could not start" />
            <BusyButton onClick={load}>Try again</BusyButton>
          </Page>
        </main>
      );
    case 'signed-in':
      return (
        <SessionContext.Provider value={state.session}>
          <SessionRefreshContext.Provider value={refresh}>
            <Shell session={state.session} onSignedOut={() => setState({ kind: 'signed-out' })} />
          </SessionRefreshContext.Provider>
        </SessionContext.Provider>
      );
  }
}

function Shell({ session, onSignedOut }: { readonly session: Session; readonly onSignedOut: () => void }) {
  const [location] = useLocation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const signOut = async () => {
    setBusy(true);
    setError(null);
    try {
      await post('/sign-out');
      onSignedOut();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const who = session.user.name ?? session.user.email ?? session.user.id;
  const active = (href: string) => (href === '/' ? location === '/' : location.startsWith(href));
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <p className="brand">Baton</p>
        <p className="tenant">
          <span className="tenant-name">{session.tenant.name}</span>{' '}
          <span className="crm">({session.tenant.crm === 'hubspot' ? 'HubSpot' : 'Salesforce'})</span>
        </p>
        <p className="user">
          {who}
          {session.roles.length > 0 && <span className="roles"> · {session.roles.join(', ')}</span>}
        </p>
        <BusyButton className="button button-quiet" busy={busy} onClick={signOut}>
          Sign out
        </BusyButton>
      </header>
      <nav aria-label="Console" className="nav">
        <ul>
          {NAV.map(([href, label]) => (
            <li key={href}>
              <Link href={href} aria-current={active(href) ? 'page' : undefined}>
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <ErrorAlert error={error} title="You are still signed in" />
        <Suspense fallback={<Loading what="the page" />}>
          <Switch>
            <Route path="/" component={Overview} />
            <Route path="/reports" component={Reports} />
            <Route path="/leads" component={Leads} />
            <Route path="/leads/:recordId">{(params) => <LeadCard recordId={params.recordId} />}</Route>
            <Route path="/definitions" component={Definitions} />
            <Route path="/funnel" component={Funnel} />
            <Route path="/slas" component={Slas} />
            <Route path="/assessments">{() => <Assessments />}</Route>
            <Route path="/assessments/:roundId">{(params) => <Assessments roundId={params.roundId} />}</Route>
            <Route path="/audit" component={Audit} />
            <Route path="/feedback" component={Feedback} />
            <Route path="/admin" component={Admin} />
            <Route>
              <Page title="Page not found">
                <p>
                  There is no console page at <code>{location}</code>.{' '}
                  <Link href="/">Go to the overview</Link>.
                </p>
              </Page>
            </Route>
          </Switch>
        </Suspense>
      </main>
    </>
  );
}
