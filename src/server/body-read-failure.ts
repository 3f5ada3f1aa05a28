/** Why a request body could not be read, as the caller is told and as it is logged. */
export interface BodyReadFailure {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly logLevel: 'debug' | 'info';
}

const FAILURES: Readonly<Record<string, BodyReadFailure>> = {
  'entity.too.large': {
    status: 413,
    code: 'body_too_large',
    message: 'request body is larger than Baton accepts',
    logLevel: 'info',
  },
  'entity.parse.failed': {
    status: 400,
    code: 'malformed_json',
    message: 'request body is not valid JSON',
    logLevel: 'info',
  },
  'encoding.unsupported': {
    status: 415,
    code: 'unsupported_encoding',
    message: 'request body encoding is not supported; send identity, gzip, deflate or br',
    logLevel: 'info',
  },
  'charset.unsupported': {
    status: 415,
    code: 'unsupported_charset',
    message: 'request body charset is not supported; send UTF-8',
    logLevel: 'info',
  },
  'request.size.invalid': {
    status: 400,
    code: 'body_length_mismatch',
    message: 'request body is not as long as its Content-Length says',
    logLevel: 'info',
  },
  // The client went away mid-upload: nobody reads the answer, and it is no fault of Baton's.
  'request.aborted': {
    status: 400,
    code: 'request_aborted',
    message: 'the request was aborted before its body arrived',
    logLevel: 'debug',
  },
};

const NOT_DECODABLE: BodyReadFailure = {
  status: 400,
  code: 'body_not_decodable',
  message: 'request body does not decode as its Content-Encoding says',
  logLevel: 'info',
};

/**
 * body-parser marks what it refuses with a `type`. A body that fails to decompress reaches it as
 * the zlib or brotli error itself (a `Z_…` or `ERR_…` code, no type), which it tags with status 400
 * through http-errors (`expose`). Anything else is not a body failure and stays with the caller.
 */
export function bodyReadFailure(error: unknown): BodyReadFailure | null {
  if (typeof error !== 'object' || error === null) return null;
  const { type, code, status, expose } = error as {
    type?: unknown;
    code?: unknown;
    status?: unknown;
    expose?: unknown;
  };
  if (typeof type === 'string') return FAILURES[type] ?? null;
  const clientError = expose === true && typeof status === 'number' && status >= 400 && status < 500;
  if (clientError && typeof code === 'string' && /^(Z_|ERR_)/.test(code)) return NOT_DECODABLE;
  return null;
}
