import {
  BarChart,
  Button,
  Flex,
  Heading,
  Input,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../cards/use-card-view.ts';
import type { SettingsApi } from './settings-api.ts';
import type { ReportAnswer, ReportInfo, ReportTable } from './settings-types.ts';

/** Rows a table shows here; the API and the CLI export the rest as CSV. */
const SHOWN_ROWS = 50;

const heading = (column: string) => column.replaceAll('_', ' ');

function ReportTableView({ table }: { readonly table: ReportTable }) {
  return (
    <Flex direction="column" gap="xs">
      <Heading>{heading(table.name)}</Heading>
      {table.rows.length === 0 ? (
        <Text>Nothing to show for these leads.</Text>
      ) : (
        <Table bordered>
          <TableHead>
            <TableRow>
              {table.columns.map((column) => (
                <TableHeader key={column}>{heading(column)}</TableHeader>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {table.rows.slice(0, SHOWN_ROWS).map((row) => (
              // Every report's rows are distinct groups (a stage, a reason, a lead), so a row is its own key.
              <TableRow key={JSON.stringify(row)}>
                {row.map((cell, j) => (
                  <TableCell key={table.columns[j] ?? j}>{cell === null ? '–' : String(cell)}</TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {table.rows.length > SHOWN_ROWS && (
        <Text variant="microcopy">
          {table.rows.length - SHOWN_ROWS} more rows: export the table as CSV through Baton’s reports API or
          CLI.
        </Text>
      )}
    </Flex>
  );
}

/** The waterfall's reached leads per stage, as a chart above its table. */
function WaterfallChart({ answer }: { readonly answer: ReportAnswer }) {
  const stages = answer.tables.find((t) => t.name === 'stages');
  if (!stages) return null;
  const label = stages.columns.indexOf('label');
  const reached = stages.columns.indexOf('reached');
  const data = stages.rows.map((row) => ({ stage: String(row[label]), reached: Number(row[reached] ?? 0) }));
  return (
    <BarChart
      data={data}
      axes={{
        x: { field: 'stage', fieldType: 'category', label: 'Stage' },
        y: { field: 'reached', fieldType: 'linear', label: 'Leads reached' },
      }}
      options={{ showDataLabels: true }}
    />
  );
}

/** Every Baton report over the portal's leads, for a period, as tables (and the waterfall as a chart). */
export function ReportsPanel({ api }: { readonly api: SettingsApi }) {
  const [catalog, setCatalog] = useState<readonly ReportInfo[]>([]);
  const [name, setName] = useState('waterfall');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [answer, setAnswer] = useState<ReportAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const show = useCallback(
    async (report: string, filter: Readonly<Record<string, string>>) => {
      setBusy(true);
      setError(null);
      try {
        setAnswer(await api.report(report, filter));
      } catch (failure) {
        setError(messageOf(failure));
      } finally {
        setBusy(false);
      }
    },
    [api],
  );
  useEffect(() => {
    api.reports().then(
      (answer) => setCatalog(answer.reports),
      (failure: unknown) => setError(messageOf(failure)),
    );
    void show('waterfall', {});
  }, [api, show]);
  const described = catalog.find((r) => r.name === name);
  return (
    <Flex direction="column" gap="md">
      <Flex direction="row" gap="sm" align="end" wrap="wrap">
        <Select
          name="report"
          label="Report"
          value={name}
          options={catalog.map((r) => ({ label: r.title, value: r.name }))}
          onChange={(value) => setName(String(value))}
        />
        <Input
          name="from"
          label="Leads first seen from"
          placeholder="YYYY-MM-DD"
          value={from}
          onChange={setFrom}
        />
        <Input name="to" label="until (not included)" placeholder="YYYY-MM-DD" value={to} onChange={setTo} />
        <Button disabled={busy} onClick={() => void show(name, { from, to })}>
          Show report
        </Button>
      </Flex>
      {described && <Text variant="microcopy">{described.description}</Text>}
      {error && <Text format={{ fontWeight: 'bold' }}>{error}</Text>}
      {answer && (
        <Flex direction="column" gap="md">
          <Text>
            {answer.title}: {answer.leads} lead(s)
          </Text>
          {answer.name === 'waterfall' && <WaterfallChart answer={answer} />}
          {answer.tables.map((table) => (
            <ReportTableView key={table.name} table={table} />
          ))}
        </Flex>
      )}
    </Flex>
  );
}
