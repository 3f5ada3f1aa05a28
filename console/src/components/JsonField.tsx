import { useId } from 'react';
import type { Problem } from '../api.ts';

export type Parsed =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problem: Problem };

export function parseJson(text: string, field: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return {
      ok: false,
      problem: {
        path: field,
        message: `is not valid JSON (${error instanceof Error ? error.message : 'parse error'})`,
      },
    };
  }
}

/** A JSON textarea; the alert beside it carries the server's problems, linked as its description. */
export function JsonField({
  label,
  value,
  onChange,
  invalid,
  hint,
  rows = 14,
  readOnly = false,
}: {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly invalid: boolean;
  readonly hint?: string;
  readonly rows?: number;
  readonly readOnly?: boolean;
}) {
  const id = useId();
  return (
    <div className="field field-wide">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      <textarea
        id={id}
        value={value}
        rows={rows}
        spellCheck={false}
        readOnly={readOnly}
        aria-invalid={invalid}
        {...(hint ? { 'aria-describedby': `${id}-hint` } : {})}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

export const pretty = (value: unknown) => JSON.stringify(value, null, 2);
