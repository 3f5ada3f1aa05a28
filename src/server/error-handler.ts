import type { ErrorRequestHandler } from 'express';
import { BatonError, httpStatusOf, InputInvalidError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { bodyReadFailure } from './body-read-failure.ts';

/**
 * The one place errors become HTTP answers. Bodies carry a stable code and a message meant for the
 * caller; internal errors are logged with their stack and answered without details.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const bodyFailure = bodyReadFailure(error);
    if (bodyFailure) {
      // The caller's fault, and often unauthenticated: a line without a stack, below error level,
      // so nobody can fill the error log by sending broken bodies.
      logger[bodyFailure.logLevel](
        {
          method: req.method,
          path: loggablePath(req.path),
          status: bodyFailure.status,
          reason: bodyFailure.code,
        },
        'request body refused',
      );
      res
        .status(bodyFailure.status)
        .json({ error: { code: bodyFailure.code, message: bodyFailure.message } });
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

/** A path as logs may show it: a respondent link's token is its secret, so it never reaches a log. */
export function loggablePath(path: string): string {
  return path.replace(/^\/assess\/[^/]+/, '/assess/<token>');
}
