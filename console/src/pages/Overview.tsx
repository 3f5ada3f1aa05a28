import { useMemo, useState } from 'react';
import type { MarketerQuestionsReport } from '../../../src/core/reports/marketer-questions-report.ts';
import { Empty, Loading } from '../components/Busy.tsx';
import { ChartCanvas } from '../components/Chart.tsx';
import { ReportTableView, reportCsvHref } from '../components/DataTable.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Page } from '../components/Page.tsx';
import { ReportFilters } from '../components/ReportFilters.tsx';
import { formatNumber } from '../format.ts';
import { useGet } from '../hooks.ts';
import type { ReportAnswer, WaterfallReport } from '../types.ts';

const QUESTIONS: readonly (readonly [string, string])[] = [
  ['most_useful', '1. Which leads are most useful?'],
  ['slow_down', '2. Where do leads slow down?'],
  ['drop_out', '3. Where do leads drop out?'],
  ['fast_moving', '4. What do fast-moving leads have in common?'],
  ['converting', '5. What do converting leads have in common?'],
];

export function OverviewPage() {
  const [filter, setFilter] = useState('');
  const waterfall = useGet<ReportAnswer<WaterfallReport>>(`/reports/waterfall${filter}`);
  const questions = useGet<ReportAnswer<MarketerQuestionsReport>>(`/reports/marketer-questions${filter}`);
  return (
    <Page
      title="Overview"
      intro="How leads move through the funnel you share, for the period and filters you pick."
    >
      <ReportFilters onApply={setFilter} busy={waterfall.loading || questions.loading} />
      <section aria-labelledby="waterfall-heading" aria-busy={waterfall.loading}>
        <h2 id="waterfall-heading">Funnel waterfall</h2>
        <ErrorAlert error={waterfall.error} title="The waterfall could not be loaded" />
        {waterfall.loading && !waterfall.data && <Loading what="the waterfall" />}
        {waterfall.data && <Waterfall answer={waterfall.data} filter={filter} />}
      </section>
      <section aria-labelledby="questions-heading" aria-busy={questions.loading}>
        <h2 id="questions-heading">The five marketer questions</h2>
        <ErrorAlert error={questions.error} title="The five questions could not be loaded" />
        {questions.loading && !questions.data && <Loading what="the five questions" />}
        {questions.data && <Questions answer={questions.data} filter={filter} />}
      </section>
    </Page>
  );
}

function Waterfall({
  answer,
  filter,
}: {
  readonly answer: ReportAnswer<WaterfallReport>;
  readonly filter: string;
}) {
  const { report } = answer;
  const labels = useMemo(() => report.stages.map((s) => s.label), [report]);
  const volume = useMemo(
    () => [
      { label: 'Reached', data: report.stages.map((s) => s.reached) },
      { label: 'Entered', data: report.stages.map((s) => s.entered) },
    ],
    [report],
  );
  const conversion = useMemo(
    () => [
      { label: 'Conversion from previous stage', data: report.stages.map((s) => s.conversionFromPrevious) },
    ],
    [report],
  );
  const table = answer.tables.find((t) => t.name === 'stages') ?? answer.tables[0];
  const volumeText = report.stages.map((s) => `${s.label} ${s.reached}`).join(', ');
  const conversionText = report.stages
    .filter((s) => s.conversionFromPrevious !== null)
    .map((s) => `${s.label} ${Math.round((s.conversionFromPrevious ?? 0) * 100)}%`)
    .join(', ');
  return (
    <>
      <p>
        {formatNumber(report.leads)} leads counted
        {report.unstaged > 0 && `; ${formatNumber(report.unstaged)} are in no stage of the model`}.
      </p>
      {report.leads === 0 ? (
        <Empty>No leads yet for this period. Leads appear once Baton has seen records from your CRM.</Empty>
      ) : (
        <div className="charts">
          <div>
            <h3>Volume per stage</h3>
            <ChartCanvas
              kind="bar"
              labels={labels}
              series={volume}
              label={`Bar chart of leads that reached each stage: ${volumeText}. The table below has the numbers.`}
            />
          </div>
          <div>
            <h3>Conversion per stage</h3>
            <ChartCanvas
              kind="bar"
              labels={labels}
              series={conversion}
              percent
              max={1}
              label={`Bar chart of each stage’s conversion rate over the stage before it: ${conversionText || 'none yet'}. The table below has the numbers.`}
            />
          </div>
        </div>
      )}
      {table && (
        <ReportTableView
          table={table}
          caption="Volume, conversion, time in stage and value per stage"
          csvHref={reportCsvHref('waterfall', filter, table.name)}
        />
      )}
    </>
  );
}

function Questions({
  answer,
  filter,
}: {
  readonly answer: ReportAnswer<MarketerQuestionsReport>;
  readonly filter: string;
}) {
  const cohort: Record<string, string> = {
    fast_moving: answer.report.fastMoving.definition,
    converting: answer.report.converting.definition,
  };
  return (
    <>
      {answer.leads === 0 && <Empty>No leads yet for this period, so there is nothing to answer from.</Empty>}
      {QUESTIONS.map(([name, question]) => {
        const table = answer.tables.find((t) => t.name === name);
        if (!table) return null;
        return (
          <div key={name}>
            <h3>{question}</h3>
            {cohort[name] && <p className="hint">{cohort[name]}.</p>}
            <ReportTableView
              table={table}
              caption={question.replace(/^\d+\. /, '')}
              csvHref={reportCsvHref('marketer-questions', filter, name)}
            />
          </div>
        );
      })}
    </>
  );
}
