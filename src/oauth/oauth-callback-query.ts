import { z } from 'zod';

/**
 * What a CRM's OAuth redirect brings back to a callback (RFC 6749 §4.1.2): a code and the state,
 * or an error. A malformed field reads as absent, so every callback refuses it the same way.
 */
export const oauthCallbackQuerySchema = z.object({
  code: z.string().min(1).optional().catch(undefined),
  state: z.string().min(1).optional().catch(undefined),
  error: z.string().min(1).optional().catch(undefined),
});
