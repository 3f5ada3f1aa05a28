import { ApiError } from '../api.ts';

function advice(error: ApiError): string {
  if (error.status === 0) return '';
  if (error.status === 400) return 'Correct what is listed and try again.';
  if (error.status === 403)
    return 'Ask an admin of your tenant to give you that role, or ask someone who has it.';
  if (error.status === 404) return 'It may have been removed; reload the page to see what exists now.';
  if (error.status === 409) return 'Someone changed it meanwhile; reload the page and try again.';
  if (error.status === 401) return 'Your session ended; sign in again.';
  if (error.status >= 500) return 'Try again in a moment; if it keeps failing, tell your Baton operator.';
  return '';
}

/** A failed request in words: the server's message, each problem by field, and what to do next. */
export function ErrorAlert({ error, title }: { readonly error: unknown; readonly title?: string }) {
  if (error === null || error === undefined) return null;
  const known = error instanceof ApiError ? error : null;
  const message = known?.message ?? (error instanceof Error ? error.message : String(error));
  const hint = known ? advice(known) : 'Reload the page and try again.';
  return (
    <div role="alert" className="alert alert-error">
      <p className="alert-title">
        {title ?? (known?.status === 403 ? 'Not allowed' : 'Something went wrong')}
      </p>
      <p>{message}</p>
      {known && known.problems.length > 0 && (
        <ul className="problems">
          {known.problems.map((p) => (
            <li key={`${p.path}:${p.message}`}>
              {p.path && <code>{p.path}</code>} {p.message}
            </li>
          ))}
        </ul>
      )}
      {hint && <p className="alert-hint">{hint}</p>}
    </div>
  );
}

export function Saved({ message }: { readonly message: string | null }) {
  return (
    <p role="status" className={message ? 'notice' : 'notice notice-empty'}>
      {message ?? ''}
    </p>
  );
}
