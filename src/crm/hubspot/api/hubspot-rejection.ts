import { z } from 'zod';
import { UpstreamRejectedError } from '../../../errors.ts';

/**
 * HubSpot's error body. Its docs ask clients to treat every field as optional, so each one is
 * read leniently; `context` carries e.g. `{ ids: [...] }` naming the records at fault.
 */
const errorBodySchema = z.object({
  category: z.string().optional().catch(undefined),
  message: z.string().optional().catch(undefined),
  correlationId: z.string().optional().catch(undefined),
  policyName: z.string().optional().catch(undefined),
  context: z.record(z.string(), z.array(z.string())).optional().catch(undefined),
  id: z.string().optional().catch(undefined),
});

export interface HubSpotErrorBody {
  readonly category: string;
  readonly message: string;
  readonly correlationId: string | null;
  readonly policyName: string | null;
  readonly context: Readonly<Record<string, readonly string[]>>;
  readonly id: string | null;
}

export function readHubSpotErrorBody(body: unknown): HubSpotErrorBody {
  const parsed = errorBodySchema.safeParse(body);
  const fields = parsed.success ? parsed.data : {};
  return {
    category: fields.category ?? 'UNKNOWN',
    message: fields.message ?? (typeof body === 'string' && body ? body.slice(0, 500) : 'no message'),
    correlationId: fields.correlationId ?? null,
    policyName: fields.policyName ?? null,
    context: fields.context ?? {},
    id: fields.id ?? null,
  };
}

/**
 * HubSpot refused a request for a reason retrying will not fix (4xx other than 401 and 429):
 * bad input, a missing scope (403), an unknown object (404) or a conflict (409). It is an
 * UpstreamRejectedError for the rest of Baton (never retried, and not the caller's fault); callers
 * that treat some answers as success (409 on bootstrap) or as per-record faults read
 * `upstreamStatus` and `category`.
 */
export class HubSpotRejectionError extends UpstreamRejectedError {
  readonly upstreamStatus: number;
  readonly category: string;
  readonly hubSpotMessage: string;
  readonly context: Readonly<Record<string, readonly string[]>>;
  readonly correlationId: string | null;

  constructor(operation: string, upstreamStatus: number, body: HubSpotErrorBody) {
    super(`HubSpot rejected ${operation} (${upstreamStatus} ${body.category}): ${body.message}`);
    this.upstreamStatus = upstreamStatus;
    this.category = body.category;
    this.hubSpotMessage = body.message;
    this.context = body.context;
    this.correlationId = body.correlationId;
  }
}

export function isHubSpotRejection(error: unknown, ...statuses: number[]): error is HubSpotRejectionError {
  return (
    error instanceof HubSpotRejectionError &&
    (statuses.length === 0 || statuses.includes(error.upstreamStatus))
  );
}

/** HubSpot's error code for a write naming a property the portal does not have. */
export function isMissingProperty(message: string): boolean {
  return message.includes('PROPERTY_DOESNT_EXIST');
}
