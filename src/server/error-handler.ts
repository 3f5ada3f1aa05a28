import type { ErrorRequestHandler } from 'express';
import { BatonError, httpStatusOf, InputInvalidError } from '../errors.ts';
import type { Logger } from '../log.ts';

/**
 * The one place errors become HTTP answers. Bodies carry a stable code and a message meant for the
 * caller; internal errors are logged with their stack and answered without details.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const bodyParserStatus = bodyParserError(error);
    if (bodyParserStatus) {
      res.status(bodyParserStatus.status).json({ error: bodyParserStatus });
      return;
    }
    const status = httpStatusOf(error);
    if (status >= 500) logger.error({ err: error }, 'request failed');
    if (error instanceof BatonError) {
      res.status(status).json({
        error: {
          code: error.code,
          message: error.message,
          ...(error instanceof InputInvalidError && error.issues.length > 0 ? { issues: error.issues } : {}),
        },
      });
      return;
    }
    res
      .status(500)
      .json({ error: { code: 'internal', message: 'Baton hit an unexpected error; it has been logged' } });
  };
}

/** body-parser signals oversized and malformed bodies with a `type` and `status` on the error. */
function bodyParserError(error: unknown): { status: number; code: string; message: string } | null {
  if (typeof error !== 'object' || error === null || !('type' in error)) return null;
  switch ((error as { type: unknown }).type) {
    case 'entity.too.large':
      return { status: 413, code: 'body_too_large', message: 'request body is larger than Baton accepts' };
    case 'entity.parse.failed':
      return { status: 400, code: 'malformed_json', message: 'request body is not valid JSON' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, code: 'unsupported_encoding', message: 'request body encoding is not supported' };
    default:
      return null;
  }
}
