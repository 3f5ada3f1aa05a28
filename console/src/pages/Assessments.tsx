import { type FormEvent, useId, useMemo, useState } from 'react';
import { Link } from 'wouter';
import { ApiError, post, segment } from '../api.ts';
import { BusyButton, Empty, Loading } from '../components/Busy.tsx';
import { ChartCanvas, type Series } from '../components/Chart.tsx';
import { ErrorAlert, Saved } from '../components/ErrorAlert.tsx';
import { Page } from '../components/Page.tsx';
import { TableScroll } from '../components/Scroll.tsx';
import { dateTime, formatNumber, humanize, percent } from '../format.ts';
import { useAction, useGet } from '../hooks.ts';
import { useHasRole } from '../session.tsx';
import type {
  AssessmentFunction,
  AssessmentsView,
  InstrumentSummary,
  OpenedRound,
  RoundResults,
  RoundView,
} from '../types.ts';

type Group = RoundResults['byFunction'][AssessmentFunction];

export function AssessmentsPage({ roundId }: { readonly roundId?: string }) {
  const view = useGet<AssessmentsView>('/assessments');
  const admin = useHasRole('admin');
  return (
    <Page
      title="Assessments"
      intro="Alignment surveys of marketing and sales, answered anonymously through one-time links, set beside what the ledger shows both functions did."
    >
      <ErrorAlert error={view.error} title="The assessments could not be loaded" />
      {view.loading && !view.data && <Loading what="the assessments" />}
      {view.data && (
        <>
          {admin ? (
            <OpenRound instruments={view.data.instruments} onOpened={view.reload} />
          ) : (
            <p className="hint">An admin opens rounds; you can read every round’s results.</p>
          )}
          <Rounds view={view.data} selected={roundId} />
        </>
      )}
      {roundId && <RoundDetail key={roundId} roundId={roundId} admin={admin} onClosed={view.reload} />}
    </Page>
  );
}

const FUNCTIONS: readonly AssessmentFunction[] = ['sales', 'marketing', 'management'];

function OpenRound({
  instruments,
  onOpened,
}: {
  readonly instruments: AssessmentsView['instruments'];
  readonly onOpened: () => void;
}) {
  const id = useId();
  const [instrument, setInstrument] = useState(instruments[0]?.key ?? 'maturity');
  const [name, setName] = useState('');
  const [counts, setCounts] = useState<Record<string, string>>({
    sales: '3',
    marketing: '3',
    management: '',
  });
  const [opened, setOpened] = useState<OpenedRound | null>(null);
  const action = useAction();
  const takes: InstrumentSummary['functions'] =
    instruments.find((i) => i.key === instrument)?.functions ?? FUNCTIONS;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setOpened(null);
    const invitations = takes.flatMap((fn) => {
      const count = Number(counts[fn] ?? '');
      return Number.isInteger(count) && count > 0 ? [{ function: fn, count }] : [];
    });
    const done = await action.run('open', () =>
      post<OpenedRound>('/assessments', {
        instrument,
        ...(name.trim() ? { name: name.trim() } : {}),
        invitations,
      }),
    );
    if (done) {
      setOpened(done);
      setName('');
      onOpened();
    }
  };
  return (
    <section aria-labelledby={`${id}-h`} aria-busy={action.busy !== null}>
      <h2 id={`${id}-h`}>Open a round</h2>
      <form onSubmit={submit} className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-instrument`}>Instrument</label>
          <select
            id={`${id}-instrument`}
            value={instrument}
            onChange={(e) => setInstrument(e.target.value as typeof instrument)}
          >
            {instruments.map((i) => (
              <option key={i.key} value={i.key}>
                {i.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>Round name</label>
          <input
            id={`${id}-name`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Optional"
          />
        </div>
        {takes.map((fn) => (
          <div className="field" key={fn}>
            <label htmlFor={`${id}-${fn}`}>{humanize(fn)} respondents</label>
            <input
              id={`${id}-${fn}`}
              type="number"
              min={0}
              max={2000}
              value={counts[fn] ?? ''}
              onChange={(e) => setCounts((c) => ({ ...c, [fn]: e.target.value }))}
            />
          </div>
        ))}
        <BusyButton type="submit" busy={action.busy === 'open'}>
          Open round
        </BusyButton>
      </form>
      <p className="hint">Results of a group show once at least three of its respondents have answered.</p>
      <ErrorAlert error={action.error} title="The round was not opened" />
      {opened && <RespondentLinks opened={opened} />}
    </section>
  );
}

function RespondentLinks({ opened }: { readonly opened: OpenedRound }) {
  const id = useId();
  const [copied, setCopied] = useState<string | null>(null);
  const [failed, setFailed] = useState<unknown>(null);
  const copy = async (text: string, what: string) => {
    setFailed(null);
    try {
      await navigator.clipboard.writeText(text);
      setCopied(`Copied ${what}.`);
    } catch {
      setFailed(
        new ApiError(
          0,
          'clipboard',
          'The browser did not allow copying; select the link and copy it yourself.',
        ),
      );
    }
  };
  return (
    <section className="alert alert-warn" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Respondent links for {opened.round.name}</h3>
      <p>
        These links are shown only now: Baton keeps no copy it could show again. Send each respondent one
        link.
      </p>
      <BusyButton
        className="button button-quiet"
        onClick={() => copy(opened.links.map((l) => l.url).join('\n'), `all ${opened.links.length} links`)}
      >
        Copy all links
      </BusyButton>
      <ol className="links-list">
        {opened.links.map((link, i) => (
          <li key={link.url}>
            <span>
              {humanize(link.function)}
              {link.level && `, ${link.level}`}
            </span>
            <code id={`${id}-l${i}`}>{link.url}</code>
            <BusyButton
              className="button button-quiet"
              aria-describedby={`${id}-l${i}`}
              onClick={() => copy(link.url, `link ${i + 1}`)}
            >
              Copy link
            </BusyButton>
          </li>
        ))}
      </ol>
      <ErrorAlert error={failed} title="Not copied" />
      <Saved message={copied} />
    </section>
  );
}

function Rounds({
  view,
  selected,
}: {
  readonly view: AssessmentsView;
  readonly selected: string | undefined;
}) {
  const names = new Map(view.instruments.map((i) => [i.key, i.name]));
  return (
    <section aria-labelledby="rounds-h">
      <h2 id="rounds-h">Rounds</h2>
      {view.rounds.length === 0 ? (
        <Empty>No assessment rounds yet.</Empty>
      ) : (
        <TableScroll>
          <table>
            <caption>Assessment rounds, with answers so far</caption>
            <thead>
              <tr>
                <th scope="col">Round</th>
                <th scope="col">Instrument</th>
                <th scope="col">Status</th>
                <th scope="col">Opened</th>
                <th scope="col">Answered</th>
                <th scope="col">Overall</th>
                <th scope="col">Next round</th>
              </tr>
            </thead>
            <tbody>
              {view.rounds.map((round) => {
                const next = view.nextRounds[round.instrument];
                return (
                  <tr key={round.id}>
                    <th scope="row">
                      <Link
                        href={`/assessments/${segment(round.id)}`}
                        aria-current={round.id === selected ? 'page' : undefined}
                      >
                        {round.name}
                      </Link>
                    </th>
                    <td>{names.get(round.instrument) ?? round.instrument}</td>
                    <td>{round.status}</td>
                    <td>{dateTime(round.openedAt)}</td>
                    <td className="num">
                      {round.answered} of {round.invited}
                    </td>
                    <td>
                      {round.results.overall
                        ? `${formatNumber(round.results.overall.score)} (${round.results.overall.band})`
                        : '—'}
                    </td>
                    <td>
                      {next ? `${humanize(next.state)}: ${dateTime(next.from)} – ${dateTime(next.by)}` : '—'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

function RoundDetail({
  roundId,
  admin,
  onClosed,
}: {
  readonly roundId: string;
  readonly admin: boolean;
  readonly onClosed: () => void;
}) {
  const view = useGet<RoundView>(`/assessments/${segment(roundId)}`);
  const action = useAction();
  const [saved, setSaved] = useState<string | null>(null);
  const close = async () => {
    const done = await action.run('close', () => post(`/assessments/${segment(roundId)}/close`));
    if (done) {
      setSaved('Round closed; its links no longer take answers.');
      view.reload();
      onClosed();
    }
  };
  return (
    <section aria-labelledby="round-h" aria-busy={view.loading || action.busy !== null}>
      <h2 id="round-h">{view.data ? view.data.round.name : 'Round'}</h2>
      <ErrorAlert error={view.error} title="The round could not be loaded" />
      {view.loading && !view.data && <Loading what="the round" />}
      {view.data && (
        <>
          <p>
            {view.data.round.status === 'open' ? 'Open' : `Closed ${dateTime(view.data.round.closedAt)}`} ·{' '}
            {view.data.round.answered} of {view.data.round.invited} answered · opened{' '}
            {dateTime(view.data.round.openedAt)}
          </p>
          {admin && view.data.round.status === 'open' && (
            <BusyButton className="button button-danger" busy={action.busy === 'close'} onClick={close}>
              Close round
            </BusyButton>
          )}
          <ErrorAlert error={action.error} title="The round was not closed" />
          <Saved message={saved} />
          <Results results={view.data.results} />
          <Behaviour view={view.data} />
          <Trend view={view.data} />
        </>
      )}
    </section>
  );
}

function groupScores(group: Group): Record<string, number> {
  if (!group?.shown) return {};
  if (group.score !== undefined) return { score: group.score };
  return Object.fromEntries(Object.entries(group.sections ?? {}).map(([name, s]) => [name, s.score]));
}

function Results({ results }: { readonly results: RoundResults }) {
  const functions = useMemo(() => FUNCTIONS.filter((fn) => results.byFunction[fn] !== undefined), [results]);
  const sections = useMemo(
    () => [...new Set(functions.flatMap((fn) => Object.keys(groupScores(results.byFunction[fn]))))],
    [functions, results],
  );
  const series: Series[] = useMemo(
    () =>
      sections.map((section) => ({
        label: section === 'score' ? 'Score' : humanize(section),
        data: functions.map((fn) => groupScores(results.byFunction[fn])[section] ?? null),
      })),
    [sections, functions, results],
  );
  const labels = useMemo(() => functions.map(humanize), [functions]);
  const gap = results.gap;
  const chartText = functions
    .map((fn) => {
      const scores = groupScores(results.byFunction[fn]);
      const text = Object.entries(scores)
        .map(([k, v]) => (k === 'score' ? `${v}` : `${humanize(k)} ${v}`))
        .join(', ');
      return `${humanize(fn)} ${text || 'not shown'}`;
    })
    .join('; ');
  return (
    <>
      <h3>Results</h3>
      {results.respondents === 0 ? (
        <Empty>No answers yet.</Empty>
      ) : (
        <p>
          {results.respondents} respondents.
          {results.overall &&
            ` Overall ${formatNumber(results.overall.score)}, ${results.overall.band}: ${results.overall.meaning}`}
        </p>
      )}
      {gap !== null && (
        <p>
          Gap, sales minus marketing:{' '}
          {typeof gap === 'number'
            ? formatNumber(gap)
            : Object.entries(gap ?? {})
                .map(([k, v]) => `${humanize(k)} ${formatNumber(v)}`)
                .join(', ')}
        </p>
      )}
      {series.length > 0 && functions.length > 0 && (
        <ChartCanvas
          kind="bar"
          labels={labels}
          series={series}
          label={`Bar chart of scores per function: ${chartText}.`}
        />
      )}
      {functions.length > 0 && (
        <TableScroll>
          <table>
            <caption>Scores per function (groups of fewer than three are not shown)</caption>
            <thead>
              <tr>
                <th scope="col">Function</th>
                <th scope="col">Respondents</th>
                <th scope="col">Score</th>
                <th scope="col">Band and meaning</th>
              </tr>
            </thead>
            <tbody>
              {functions.map((fn) => {
                const group = results.byFunction[fn];
                return (
                  <tr key={fn}>
                    <th scope="row">{humanize(fn)}</th>
                    {group?.shown ? (
                      <>
                        <td className="num">{group.respondents}</td>
                        <td>
                          {group.score !== undefined
                            ? formatNumber(group.score)
                            : Object.entries(group.sections ?? {})
                                .map(([n, s]) => `${humanize(n)} ${formatNumber(s.score)} (${s.band})`)
                                .join('; ')}
                        </td>
                        <td>{group.band ? `${group.band}: ${group.meaning[group.band] ?? ''}` : '—'}</td>
                      </>
                    ) : (
                      <td colSpan={3}>Not shown: fewer than three answered.</td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
      {Object.keys(results.byLevel).length > 0 && (
        <TableScroll>
          <table>
            <caption>Scores per level</caption>
            <thead>
              <tr>
                <th scope="col">Level</th>
                <th scope="col">Score</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(results.byLevel).map(([level, group]) => (
                <tr key={level}>
                  <th scope="row">{level}</th>
                  <td>
                    {group.shown
                      ? group.score !== undefined
                        ? `${formatNumber(group.score)} (${group.band ?? ''})`
                        : 'Scored by section'
                      : 'Not shown: fewer than three answered'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {results.levelGap && (
        <p>
          Levels: {results.levelGap.highest} scores {formatNumber(results.levelGap.gap)} above{' '}
          {results.levelGap.lowest}.
        </p>
      )}
      {results.flags.length > 0 && (
        <ul>
          {results.flags.map((flag) => (
            <li key={flag}>{flag}</li>
          ))}
        </ul>
      )}
    </>
  );
}

function Behaviour({ view }: { readonly view: RoundView }) {
  const b = view.behaviour;
  const check = view.selfRating;
  return (
    <>
      <h3>Self-rating versus behaviour</h3>
      <p className="hint">
        What the ledger shows for the 90 days before the round opened ({dateTime(b.window.from)} –{' '}
        {dateTime(b.window.to)}).
      </p>
      {check.aheadOfBehaviour && (
        <div className="alert alert-warn">
          <p className="alert-title">Self-ratings run ahead of behaviour</p>
          <p>The round rated alignment favourably, but two or more behaviour signals are poor.</p>
        </div>
      )}
      <dl className="facts">
        <dt>Rated favourably</dt>
        <dd>{check.ratedFavourably ? 'Yes' : 'No'}</dd>
        <dt>Ahead of behaviour</dt>
        <dd>{check.aheadOfBehaviour ? 'Yes' : 'No'}</dd>
        <dt>Hand-offs</dt>
        <dd>{b.handedOff}</dd>
        <dt>Median answer time</dt>
        <dd>{b.handoffLagMinutesP50 === null ? '—' : `${formatNumber(b.handoffLagMinutesP50)} minutes`}</dd>
        <dt>Accepted by sales</dt>
        <dd>{percent(b.acceptanceRate)}</dd>
        <dt>Untouched for 48 h</dt>
        <dd>{percent(b.untouchedShare)}</dd>
        <dt>Field notes from sales</dt>
        <dd>
          {b.feedback.given}, {percent(b.feedback.answeredShare)} answered by marketing
        </dd>
      </dl>
      {check.poorSignals.length > 0 ? (
        <>
          <h4>Poor signals</h4>
          <ul>
            {check.poorSignals.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>No behaviour signal is poor.</p>
      )}
    </>
  );
}

function Trend({ view }: { readonly view: RoundView }) {
  const trend = view.trend;
  const labels = useMemo(() => trend.map((t) => t.name), [trend]);
  const series = useMemo(
    () => [
      { label: 'Overall', data: trend.map((t) => t.overall) },
      ...FUNCTIONS.filter((fn) => trend.some((t) => t.byFunction[fn] !== undefined)).map((fn) => ({
        label: humanize(fn),
        data: trend.map((t) => t.byFunction[fn] ?? null),
      })),
    ],
    [trend],
  );
  return (
    <>
      <h3>Trend across rounds of this instrument</h3>
      {trend.length < 2 ? (
        <p>One round so far; the trend shows from the second round on.</p>
      ) : (
        <ChartCanvas
          kind="line"
          labels={labels}
          series={series}
          label={`Line chart of scores per round: ${trend.map((t) => `${t.name} ${t.overall ?? 'not shown'}`).join(', ')}.`}
        />
      )}
      <TableScroll>
        <table>
          <caption>Scores per round, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Round</th>
              <th scope="col">Opened</th>
              <th scope="col">Overall</th>
              {FUNCTIONS.map((fn) => (
                <th scope="col" key={fn}>
                  {humanize(fn)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {trend.map((t) => (
              <tr key={t.roundId}>
                <th scope="row">{t.name}</th>
                <td>{dateTime(t.openedAt)}</td>
                <td>{t.overall === null ? '—' : formatNumber(t.overall)}</td>
                {FUNCTIONS.map((fn) => (
                  <td key={fn}>
                    {t.byFunction[fn] === undefined ? '—' : formatNumber(t.byFunction[fn] ?? 0)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
