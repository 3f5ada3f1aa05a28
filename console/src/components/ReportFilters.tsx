import { type FormEvent, useId, useState } from 'react';
import { query } from '../api.ts';

const ORIGINS = ['marketing', 'sales', 'partner', 'other'] as const;

interface Values {
  from: string;
  to: string;
  source: string;
  origin: string;
  owner: string;
  team: string;
  territory: string;
  definition: string;
}

const EMPTY: Values = {
  from: '',
  to: '',
  source: '',
  origin: '',
  owner: '',
  team: '',
  territory: '',
  definition: '',
};

/** The server counts leads first seen before `to`; people mean the day they pick to be included. */
function dayAfter(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

export function filterQuery(values: Values): string {
  return query({ ...values, to: values.to === '' ? '' : dayAfter(values.to) });
}

/** The period and the filters every report accepts; applying them hands back the query string. */
export function ReportFilters({
  onApply,
  busy,
}: {
  readonly onApply: (query: string) => void;
  readonly busy: boolean;
}) {
  const [values, setValues] = useState<Values>(EMPTY);
  const id = useId();
  const set = (key: keyof Values) => (event: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [key]: event.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(filterQuery(values));
  };
  const text = (key: keyof Values, label: string, placeholder?: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type="text"
        value={values[key]}
        onChange={set(key)}
        {...(placeholder ? { placeholder } : {})}
      />
    </div>
  );
  return (
    <form className="filters" onSubmit={submit} aria-label="Report filters">
      <div className="field">
        <label htmlFor={`${id}-from`}>From</label>
        <input id={`${id}-from`} type="date" value={values.from} onChange={set('from')} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>To</label>
        <input
          id={`${id}-to`}
          type="date"
          value={values.to}
          onChange={set('to')}
          aria-describedby={`${id}-to-hint`}
        />
        <span id={`${id}-to-hint`} className="visually-hidden">
          Leads first seen on this day are included
        </span>
      </div>
      {text('source', 'Source channel')}
      <div className="field">
        <label htmlFor={`${id}-origin`}>Origin</label>
        <select id={`${id}-origin`} value={values.origin} onChange={set('origin')}>
          <option value="">Any origin</option>
          {ORIGINS.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </div>
      {text('owner', 'Owner')}
      {text('team', 'Team')}
      {text('territory', 'Territory')}
      {text('definition', 'Definition', 'key@version')}
      <div className="actions">
        <button type="submit" className="button" aria-busy={busy}>
          Apply filters
        </button>
        <button
          type="button"
          className="button button-quiet"
          onClick={() => {
            setValues(EMPTY);
            onApply('');
          }}
        >
          Clear filters
        </button>
      </div>
    </form>
  );
}
