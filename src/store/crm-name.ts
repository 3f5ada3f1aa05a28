/**
 * The CRMs a tenant can live in: the adapters' names in `src/crm/adapters.ts`, and the values the
 * `tenants.crm` check constraint allows (a new CRM adds itself to both with a migration).
 */
export type Crm = 'hubspot' | 'salesforce';
