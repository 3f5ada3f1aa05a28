import { Link } from 'wouter';
import { Loading } from '../components/Busy.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Page } from '../components/Page.tsx';
import { TableScroll } from '../components/Scroll.tsx';
import { dateTime, humanize, percent } from '../format.ts';
import { useGet } from '../hooks.ts';
import type { CardView } from '../types.ts';

type Verdict = NonNullable<CardView['qualification']['today']>;
type Touch = CardView['source']['firstTouch'];

const SLA_BADGE: Readonly<Record<string, string>> = {
  on_track: 'badge-ok',
  met: 'badge-ok',
  at_risk: 'badge-warn',
  met_late: 'badge-warn',
  breached: 'badge-bad',
};

export function LeadCardPage({ recordId }: { readonly recordId: string }) {
  const card = useGet<CardView>(`/leads/${encodeURIComponent(recordId)}/card`);
  return (
    <Page title={`Lead ${recordId}`}>
      <p>
        <Link href="/leads">Back to leads</Link>
      </p>
      <ErrorAlert error={card.error} title="The card could not be loaded" />
      {card.loading && <Loading what="the card" />}
      {card.data && <Card view={card.data} />}
    </Page>
  );
}

function Card({ view }: { readonly view: CardView }) {
  return (
    <>
      <p className="hint">
        {view.model.name} · computed {dateTime(view.generatedAt)}
      </p>
      <div className="card-grid">
        <section className="panel" aria-labelledby="card-stage">
          <h2 id="card-stage">Stage and owner</h2>
          <dl className="facts">
            <dt>Stage</dt>
            <dd>
              {view.stage ? `${view.stage.label} (${view.stage.waitingLabel})` : 'Not in the funnel yet'}
            </dd>
            <dt>Owning function</dt>
            <dd>{view.owner.function ? view.owner.function.label : '—'}</dd>
            <dt>Co-owners</dt>
            <dd>
              {view.owner.coOwners.length === 0
                ? '—'
                : view.owner.coOwners.map((o) => `${o.label} ${percent(o.weight)}`).join(', ')}
            </dd>
            <dt>Held by</dt>
            <dd>{view.owner.person ? (view.owner.person.name ?? view.owner.person.id) : 'Nobody'}</dd>
          </dl>
        </section>
        <section className="panel" aria-labelledby="card-sla">
          <h2 id="card-sla">SLA</h2>
          {view.sla ? (
            <dl className="facts">
              <dt>State</dt>
              <dd>
                <span className={`badge ${SLA_BADGE[view.sla.state] ?? 'badge-info'}`}>
                  {humanize(view.sla.state)}
                </span>
              </dd>
              <dt>Target</dt>
              <dd>
                {view.sla.targetLabel} ({view.sla.clock} hours)
              </dd>
              <dt>Remaining</dt>
              <dd>{view.sla.remainingLabel}</dd>
              <dt>Due</dt>
              <dd>{dateTime(view.sla.dueAt)}</dd>
              <dt>Why</dt>
              <dd>{view.sla.reason}</dd>
            </dl>
          ) : (
            <p>No SLA clock runs in this stage.</p>
          )}
        </section>
      </div>
      <section aria-labelledby="card-ladder">
        <h2 id="card-ladder">Stage ladder</h2>
        <ol className="ladder">
          {view.ladder.map((step) => (
            <li key={step.key} className={step.status}>
              <strong>{step.label}</strong> <span className="badge badge-info">{step.status}</span>
              {step.isHandoff && <span className="badge badge-warn">hand-off</span>}
              <br />
              Owners: {step.owners.map((o) => `${o.label} ${percent(o.weight)}`).join(', ') || '—'}
              {step.timeInStageLabel && ` · time in stage ${step.timeInStageLabel}`}
              {step.marketingSupplies.length > 0 && (
                <>
                  <br />
                  Marketing supplies: {step.marketingSupplies.join('; ')}
                </>
              )}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="card-qualification">
        <h2 id="card-qualification">Qualification</h2>
        <p>{view.qualification.summary}</p>
        {view.qualification.judgedBy && (
          <VerdictView
            verdict={view.qualification.judgedBy}
            title={`Judged by (frozen when ${humanize(view.qualification.judgedBy.frozenAt).toLowerCase()})`}
          />
        )}
        {view.qualification.today && (
          <VerdictView verdict={view.qualification.today} title="Today's record, by the active definition" />
        )}
      </section>
      <section aria-labelledby="card-source">
        <h2 id="card-source">Source and attribution</h2>
        <dl className="facts">
          <dt>Origin</dt>
          <dd>
            {view.source.origin} — {view.source.originReason}
          </dd>
          <dt>First touch</dt>
          <dd>{touchText(view.source.firstTouch)}</dd>
          <dt>Lead-creation touch</dt>
          <dd>{touchText(view.source.leadCreationTouch)}</dd>
          <dt>Latest touch</dt>
          <dd>{touchText(view.source.latestTouch)}</dd>
          <dt>Touches</dt>
          <dd>{view.source.touchCount}</dd>
        </dl>
        {view.attribution.length > 0 && (
          <TableScroll>
            <table>
              <caption>Credit per channel under each attribution model</caption>
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  <th scope="col">Credit by channel</th>
                  <th scope="col">Explanation</th>
                </tr>
              </thead>
              <tbody>
                {view.attribution.map((a) => (
                  <tr key={a.model}>
                    <th scope="row">{a.label}</th>
                    <td>{a.byChannel.map((c) => `${c.label} ${percent(c.share)}`).join(', ') || '—'}</td>
                    <td>{a.explanation}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      <section aria-labelledby="card-timeline">
        <h2 id="card-timeline">Timeline</h2>
        {view.timeline.length === 0 ? (
          <p>Nothing has happened to this lead yet.</p>
        ) : (
          <TableScroll>
            <table>
              <caption>Hand-off timeline</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Event</th>
                  <th scope="col">Stage</th>
                  <th scope="col">Owner</th>
                  <th scope="col">By</th>
                  <th scope="col">Reason or feedback</th>
                  <th scope="col">Waited</th>
                </tr>
              </thead>
              <tbody>
                {view.timeline.map((item) => (
                  <tr key={`${item.at}:${item.event}:${item.stage ?? ''}`}>
                    <th scope="row">{dateTime(item.at)}</th>
                    <td>
                      {item.label}
                      {item.definitionVersion !== null && ` (definition v${item.definitionVersion})`}
                    </td>
                    <td>{item.stage ?? '—'}</td>
                    <td>{[item.ownerFunction, item.ownerPerson].filter(Boolean).join(' · ') || '—'}</td>
                    <td>{item.actor ?? '—'}</td>
                    <td>
                      {[item.reasonLabel ?? item.reasonCode, item.feedback].filter(Boolean).join(': ') || '—'}
                    </td>
                    <td>{item.waitedLabel ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </>
  );
}

function touchText(touch: Touch): string {
  if (!touch) return '—';
  const detail = [touch.sourceDetail, touch.campaign].filter(Boolean).join(', ');
  return `${touch.channelLabel}${detail ? ` (${detail})` : ''}, ${dateTime(touch.at)}`;
}

const VERDICT_BADGE: Readonly<Record<string, string>> = {
  qualified: 'badge-ok',
  not_qualified: 'badge-warn',
  disqualified: 'badge-bad',
};

function VerdictView({ verdict, title }: { readonly verdict: Verdict; readonly title: string }) {
  const criteria = [
    ...verdict.disqualifiedBy.map((c) => ({ ...c, kind: 'disqualified by' })),
    ...verdict.met.map((c) => ({ ...c, kind: 'met' })),
    ...verdict.missed.map((c) => ({ ...c, kind: 'missed' })),
  ];
  return (
    <div className="panel">
      <h3>{title}</h3>
      <p>
        <span className={`badge ${VERDICT_BADGE[verdict.verdict] ?? 'badge-info'}`}>
          {humanize(verdict.verdict)}
        </span>{' '}
        {verdict.definitionName ?? verdict.definitionKey} v{verdict.definitionVersion} · fit{' '}
        {verdict.fitScore}
        {verdict.fitThreshold !== null && ` / ${verdict.fitThreshold}`} · engagement {verdict.engagementScore}
        {verdict.engagementThreshold !== null && ` / ${verdict.engagementThreshold}`} · judged{' '}
        {dateTime(verdict.evaluatedAt)}
      </p>
      <p>{verdict.explanation}</p>
      {criteria.length > 0 && (
        <table>
          <caption>
            Criteria of {verdict.definitionName ?? verdict.definitionKey} v{verdict.definitionVersion}
          </caption>
          <thead>
            <tr>
              <th scope="col">Criterion</th>
              <th scope="col">Property</th>
              <th scope="col">Result</th>
              <th scope="col">Value seen</th>
            </tr>
          </thead>
          <tbody>
            {criteria.map((c) => (
              <tr key={`${c.kind}:${c.property}:${c.label}`}>
                <th scope="row">{c.label}</th>
                <td>
                  <code>{c.property}</code>
                </td>
                <td className={c.kind === 'met' ? 'met' : 'missed'}>{c.kind}</td>
                <td>{c.observed ?? 'no value'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
