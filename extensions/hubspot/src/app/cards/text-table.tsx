import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@hubspot/ui-extensions';

/** A bordered table of text: one header row, then one row per entry, keyed so React keeps rows apart. */
export function TextTable({
  headers,
  rows,
}: {
  readonly headers: readonly string[];
  readonly rows: readonly { readonly key: string; readonly cells: readonly string[] }[];
}) {
  return (
    <Table bordered>
      <TableHead>
        <TableRow>
          {headers.map((h) => (
            <TableHeader key={h}>{h}</TableHeader>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={row.key}>
            {row.cells.map((cell, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional columns
              <TableCell key={i}>{cell}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
