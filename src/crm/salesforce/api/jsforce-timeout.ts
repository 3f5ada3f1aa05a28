import { setDefaults } from 'jsforce/lib/request.js';

/** How long one Salesforce call may take before Baton gives up on it and the work is retried. */
export const SALESFORCE_CALL_TIMEOUT_MS = 60_000;

/**
 * jsforce waits 30 minutes for an answer unless told otherwise, and takes the setting only
 * process-wide. A hung org would hold a worker that long; a minute is far above any answer
 * Baton's calls get (a 200-record read or write). The rest repeats jsforce's own defaults,
 * which this call replaces as a whole.
 */
const proxy =
  process.env.https_proxy ?? process.env.http_proxy ?? process.env.HTTPS_PROXY ?? process.env.HTTP_PROXY;
setDefaults({
  ...(proxy ? { httpProxy: proxy } : {}),
  timeout: SALESFORCE_CALL_TIMEOUT_MS,
  followRedirect: true,
});
