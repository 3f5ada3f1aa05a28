import { Empty, Loading } from '../components/Busy.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Page } from '../components/Page.tsx';
import { TableScroll } from '../components/Scroll.tsx';
import { dateTime, humanize } from '../format.ts';
import { useGet } from '../hooks.ts';
import type { AuditEntry } from '../types.ts';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Top-level keys whose value differs; a whole value counts as one change when either side is no object. */
export function changedKeys(before: unknown, after: unknown): string[] {
  if (!isObject(before) || !isObject(after)) {
    return JSON.stringify(before) === JSON.stringify(after) ? [] : ['(whole value)'];
  }
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

function JsonSide({
  value,
  changed,
  title,
}: {
  readonly value: unknown;
  readonly changed: readonly string[];
  readonly title: string;
}) {
  if (value === null || value === undefined) return <p>{title}: nothing</p>;
  return (
    <details>
      <summary>{title}</summary>
      {isObject(value) ? (
        <pre>
          {'{\n'}
          {Object.entries(value).map(([key, v]) => (
            <span key={key} className={changed.includes(key) ? 'changed' : undefined}>
              {`  ${JSON.stringify(key)}: ${JSON.stringify(v, null, 2).replace(/\n/g, '\n  ')}\n`}
            </span>
          ))}
          {'}'}
        </pre>
      ) : (
        <pre className={changed.length > 0 ? 'changed' : undefined}>{JSON.stringify(value, null, 2)}</pre>
      )}
    </details>
  );
}

export function AuditPage() {
  const log = useGet<{ entries: readonly AuditEntry[] }>('/audit?limit=100');
  const entries = log.data?.entries ?? [];
  return (
    <Page
      title="Audit log"
      intro="Every change to settings, definitions and the funnel model: who, when, and what it was before and after."
    >
      <ErrorAlert error={log.error} title="The audit log could not be loaded" />
      {log.loading && <Loading what="the audit log" />}
      {log.data && entries.length === 0 && <Empty>No changes recorded yet.</Empty>}
      {entries.length > 0 && (
        <TableScroll>
          <table>
            <caption>
              The latest {entries.length} changes, newest first; changed fields are highlighted
            </caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Subject</th>
                <th scope="col">Changed fields</th>
                <th scope="col">Before and after</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => {
                const changed = changedKeys(entry.before, entry.after);
                return (
                  <tr key={entry.id}>
                    <th scope="row">{dateTime(entry.at)}</th>
                    <td>{entry.actor}</td>
                    <td>{humanize(entry.action)}</td>
                    <td>
                      {entry.subjectType} <code>{entry.subjectKey}</code>
                    </td>
                    <td>{changed.length === 0 ? 'none' : changed.join(', ')}</td>
                    <td>
                      <JsonSide value={entry.before} changed={changed} title="Before" />
                      <JsonSide value={entry.after} changed={changed} title="After" />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Page>
  );
}
