import { useId } from 'react';
import { API } from '../api.ts';
import { TableScroll } from '../components/Scroll.tsx';
import { formatCell, humanize } from '../format.ts';
import type { ReportTable } from '../types.ts';

/** A report's table as the server flattened it, with its CSV export right under it. */
export function ReportTableView({
  table,
  caption,
  csvHref,
}: {
  readonly table: ReportTable;
  readonly caption: string;
  readonly csvHref: string;
}) {
  const id = useId();
  return (
    <div className="table-block">
      <TableScroll>
        <table>
          <caption id={id}>{caption}</caption>
          <thead>
            <tr>
              {table.columns.map((column) => (
                <th key={column} scope="col">
                  {humanize(column)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.length === 0 ? (
              <tr>
                <td colSpan={Math.max(1, table.columns.length)}>No rows yet.</td>
              </tr>
            ) : (
              table.rows.map((row, r) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are replaced whole, never reordered
                <tr key={r}>
                  {row.map((cell, c) => {
                    const column = table.columns[c] ?? '';
                    return c === 0 ? (
                      <th key={column} scope="row">
                        {formatCell(column, cell)}
                      </th>
                    ) : (
                      <td key={column} className={typeof cell === 'number' ? 'num' : undefined}>
                        {formatCell(column, cell)}
                      </td>
                    );
                  })}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </TableScroll>
      <CsvLink href={csvHref} describedBy={id} />
    </div>
  );
}

export function CsvLink({ href, describedBy }: { readonly href: string; readonly describedBy: string }) {
  return (
    <p className="csv">
      <a href={href} download aria-describedby={describedBy}>
        Download CSV
      </a>
    </p>
  );
}

export function reportCsvHref(name: string, filter: string, table: string): string {
  const params = new URLSearchParams(filter.startsWith('?') ? filter.slice(1) : filter);
  params.set('format', 'csv');
  params.set('table', table);
  return `${API}/reports/${encodeURIComponent(name)}?${params.toString()}`;
}
