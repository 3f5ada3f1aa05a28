import { useId, useState } from 'react';
import { Empty, Loading } from '../components/Busy.tsx';
import { ReportTableView, reportCsvHref } from '../components/DataTable.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Page } from '../components/Page.tsx';
import { ReportFilters } from '../components/ReportFilters.tsx';
import { formatNumber, humanize } from '../format.ts';
import { useGet } from '../hooks.ts';
import type { ReportAnswer, ReportSummary } from '../types.ts';

export function ReportsPage() {
  const list = useGet<{ reports: readonly ReportSummary[] }>('/reports');
  const [chosen, setChosen] = useState('lead-quality');
  const [filter, setFilter] = useState('');
  const answer = useGet<ReportAnswer>(`/reports/${encodeURIComponent(chosen)}${filter}`);
  const id = useId();
  const reports = list.data?.reports ?? [];
  const summary = reports.find((r) => r.name === chosen);
  return (
    <Page
      title="Reports"
      intro="Every report Baton keeps, with each of its tables to read here or download as CSV."
    >
      <ErrorAlert error={list.error} title="The list of reports could not be loaded" />
      <div className="field">
        <label htmlFor={`${id}-report`}>Report</label>
        <select id={`${id}-report`} value={chosen} onChange={(e) => setChosen(e.target.value)}>
          {(reports.length > 0 ? reports : [{ name: chosen, title: chosen, description: '' }]).map((r) => (
            <option key={r.name} value={r.name}>
              {r.title}
            </option>
          ))}
        </select>
      </div>
      {summary && <p className="hint">{summary.description}</p>}
      <ReportFilters onApply={setFilter} busy={answer.loading} />
      <section aria-labelledby={`${id}-heading`} aria-busy={answer.loading}>
        <h2 id={`${id}-heading`}>{summary?.title ?? humanize(chosen)}</h2>
        <ErrorAlert error={answer.error} title="The report could not be loaded" />
        {answer.loading && <Loading what="the report" />}
        {answer.data && !answer.loading && (
          <>
            <p>{formatNumber(answer.data.leads)} leads counted.</p>
            {answer.data.leads === 0 && <Empty>No leads yet for this period.</Empty>}
            {answer.data.tables.map((table) => (
              <ReportTableView
                key={table.name}
                table={table}
                caption={`${answer.data?.title ?? chosen}: ${humanize(table.name).toLowerCase()}`}
                csvHref={reportCsvHref(chosen, filter, table.name)}
              />
            ))}
          </>
        )}
      </section>
    </Page>
  );
}
