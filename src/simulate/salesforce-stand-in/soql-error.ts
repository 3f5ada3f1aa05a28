/** A query Salesforce would refuse, with its REST error code (MALFORMED_QUERY, INVALID_FIELD, …). */
export class SoqlError extends Error {
  readonly errorCode: string;

  constructor(errorCode: string, message: string) {
    super(message);
    this.name = 'SoqlError';
    this.errorCode = errorCode;
  }
}

/**
 * Salesforce's query error message: the offending line, a caret under the position, the row and
 * column, then the problem.
 */
export function soqlError(errorCode: string, query: string, position: number, problem: string): SoqlError {
  const before = query.slice(0, position);
  const row = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = query.indexOf('\n', position);
  const line = query.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  const column = position - lineStart + 1;
  return new SoqlError(
    errorCode,
    `\n${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n${problem}`,
  );
}
