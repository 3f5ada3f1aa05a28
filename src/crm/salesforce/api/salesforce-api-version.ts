/**
 * Every Salesforce call Baton makes names this REST API version; jsforce would otherwise fall
 * back to its own default of 50.0. The package's metadata declares the same version.
 */
export const SALESFORCE_API_VERSION = '66.0';

/** Sent as `Sforce-Call-Options: client=Baton`, so Baton's own writes are recognisable. */
export const SALESFORCE_CLIENT_NAME = 'Baton';
