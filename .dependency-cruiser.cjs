/**
 * The core must stay pure: no IO, no SDKs, no node: modules. (`process.env` is a global, not an
 * import; Biome's noProcessEnv rule guards src/core against it.)
 */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core is pure domain logic: time and data come in as parameters.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: {
        // zod (validation) and luxon (time zones) are pure libraries; anything else (HTTP, SDKs, database, node: IO) stays out.
        pathNot: ['^src/core/', '^node_modules/(zod|luxon)/'],
      },
    },
    {
      name: 'src-never-imports-webhooks',
      comment:
        'webhooks/ is the edge: its routes import adapters, never the reverse. src/crm/adapters.ts, the one map of CRMs, is where the two are joined.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/crm/adapters[.]ts$' },
      to: { path: '^webhooks/' },
    },
    {
      name: 'domain-knows-no-crm',
      comment:
        'core, pipeline, worker, store, oauth, the API handlers and the console reach CRMs only through src/pipeline/crm-port.ts; a new CRM is a folder under src/crm/ and an entry in src/crm/adapters.ts, and the API serves every CRM through its own front doors.',
      severity: 'error',
      from: { path: '^src/(core|pipeline|worker|store|oauth|api|console)/' },
      to: { path: '^src/crm/' },
    },
    {
      name: 'hubspot-project-stands-alone',
      comment:
        "HubSpot bundles the cards from the developer project alone: they import each other, React and HubSpot's UI library, never Baton's source.",
      severity: 'error',
      from: { path: '^extensions/hubspot/src/' },
      to: {
        pathNot: ['^extensions/hubspot/src/', '^node_modules/(react|@hubspot/ui-extensions)/'],
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
