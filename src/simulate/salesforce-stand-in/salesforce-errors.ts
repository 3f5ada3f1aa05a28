import type { Response } from 'express';

/** One entry of a REST error answer: Salesforce always answers a list of these. */
export interface RestError {
  readonly errorCode: string;
  readonly message: string;
  readonly fields?: readonly string[];
}

/** One failed record of a save (sObject Collections and single-record DML). */
export interface SaveError {
  readonly statusCode: string;
  readonly message: string;
  readonly fields: readonly string[];
}

export function sendRestError(
  response: Response,
  status: number,
  errorCode: string,
  message: string,
  fields?: readonly string[],
): void {
  const entry: RestError = fields === undefined ? { errorCode, message } : { errorCode, message, fields };
  response.status(status).json([entry]);
}

export const NOT_FOUND_MESSAGE = 'The requested resource does not exist';

export const SESSION_INVALID: RestError = {
  errorCode: 'INVALID_SESSION_ID',
  message: 'Session expired or invalid',
};

export const REQUEST_LIMIT_EXCEEDED: RestError = {
  errorCode: 'REQUEST_LIMIT_EXCEEDED',
  message: 'TotalRequests Limit exceeded.',
};

export function saveError(statusCode: string, message: string, fields: readonly string[] = []): SaveError {
  return { statusCode, message, fields };
}
