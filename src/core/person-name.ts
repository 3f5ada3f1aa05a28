/** "Ada Lovelace" from a record's name fields, else its email, else null: what a list shows for a lead. */
export function personName(first: unknown, last: unknown, email?: unknown): string | null {
  const parts = [first, last].filter(
    (part): part is string => typeof part === 'string' && part.trim() !== '',
  );
  if (parts.length > 0) return parts.join(' ');
  return typeof email === 'string' && email !== '' ? email : null;
}
