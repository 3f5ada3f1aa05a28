import { useId } from 'react';
import { Link } from 'wouter';
import { API } from '../api.ts';
import { Empty, Loading } from '../components/Busy.tsx';
import { CsvLink } from '../components/DataTable.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Page } from '../components/Page.tsx';
import { TableScroll } from '../components/Scroll.tsx';
import { dateTime } from '../format.ts';
import { useGet } from '../hooks.ts';
import type { LeadLists, LeadRow } from '../types.ts';

const LISTS: readonly (readonly [keyof LeadLists, string, string, string])[] = [
  [
    'sleeping',
    'Sleeping pipeline',
    'Open leads that have sat in one stage past its threshold',
    'No sleeping leads.',
  ],
  [
    'slaAtRisk',
    'SLA at risk or breached',
    'Leads whose SLA clock is at risk or breached',
    'No leads at risk.',
  ],
  [
    'rejections',
    'Recent rejections',
    'Hand-offs sales rejected recently, with the reason',
    'No rejections yet.',
  ],
];

export function LeadsPage() {
  const lists = useGet<LeadLists>('/leads');
  const empty = lists.data && LISTS.every(([key]) => lists.data?.[key].length === 0);
  return (
    <Page title="Leads" intro="Leads that need someone's attention. Open a record id to see its card.">
      <ErrorAlert error={lists.error} title="The lead lists could not be loaded" />
      {lists.loading && <Loading what="the lead lists" />}
      {empty && <Empty>No leads yet. Lists fill in once Baton has seen records from your CRM.</Empty>}
      {lists.data &&
        LISTS.map(([key, title, caption, none]) => (
          <LeadTable
            key={key}
            list={key}
            title={title}
            caption={caption}
            none={none}
            rows={lists.data?.[key] ?? []}
          />
        ))}
    </Page>
  );
}

function LeadTable({
  list,
  title,
  caption,
  none,
  rows,
}: {
  readonly list: string;
  readonly title: string;
  readonly caption: string;
  readonly none: string;
  readonly rows: readonly LeadRow[];
}) {
  const id = useId();
  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{title}</h2>
      <TableScroll>
        <table>
          <caption id={`${id}-c`}>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Record id</th>
              <th scope="col">Name</th>
              <th scope="col">Stage</th>
              <th scope="col">Owner</th>
              <th scope="col">Since</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={6}>{none}</td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr key={`${row.recordId}:${row.since}:${row.detail}`}>
                  <th scope="row">
                    <Link href={`/leads/${encodeURIComponent(row.recordId)}`}>{row.recordId}</Link>
                  </th>
                  <td>{row.name ?? '—'}</td>
                  <td>{row.stage ?? '—'}</td>
                  <td>{row.ownerId ?? '—'}</td>
                  <td>{dateTime(row.since)}</td>
                  <td>{row.detail}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </TableScroll>
      <CsvLink href={`${API}/leads?format=csv&list=${list}`} describedBy={`${id}-c`} />
    </section>
  );
}
