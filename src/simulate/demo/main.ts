import { parseArgs } from 'node:util';
import { formatDemoReport } from './format-demo-report.ts';
import { type KeptDemo, runDemo } from './run-demo.ts';
import { formatSalesforceDemo } from './salesforce/format-salesforce-demo.ts';
import { runSalesforceDemo } from './salesforce/run-salesforce-demo.ts';

const USAGE =
  'usage: npm run demo -- [--crm hubspot|salesforce] [--contacts N | --leads N] [--seed N] [--keep]';

function wholeNumber(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > max) {
    throw new Error(`--${name} must be a whole number from 1 to ${max} (got ${value})\n${USAGE}`);
  }
  return parsed;
}

/**
 * `npm run demo`: Baton end to end against a local HubSpot portal stand-in, or with
 * `--crm salesforce` a local Salesforce org stand-in; no CRM account needed.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      crm: { type: 'string' },
      contacts: { type: 'string' },
      leads: { type: 'string' },
      seed: { type: 'string' },
      keep: { type: 'boolean' },
    },
    strict: true,
  });
  const seed = wholeNumber('seed', values.seed, 42, 2 ** 31);
  const crm = values.crm ?? 'hubspot';
  if (crm === 'salesforce') {
    const leads = wholeNumber('leads', values.leads ?? values.contacts, 300, 5_000);
    console.log(`Baton demo on Salesforce: ${leads} leads, seed ${seed}\n`);
    const result = await runSalesforceDemo({ leads, seed, progress: (line) => console.log(`  ✓ ${line}`) });
    console.log(`\n${formatSalesforceDemo(result)}`);
    return;
  }
  if (crm !== 'hubspot') throw new Error(`--crm must be hubspot or salesforce (got ${crm})\n${USAGE}`);
  const contacts = wholeNumber('contacts', values.contacts, 300, 5_000);
  console.log(`Baton demo: ${contacts} contacts, seed ${seed}\n`);
  const result = await runDemo({
    contacts,
    seed,
    progress: (line) => console.log(`  ✓ ${line}`),
    ...(values.keep ? { hold: holdUntilInterrupted } : {}),
  });
  console.log(`\n${formatDemoReport(result)}`);
}

/** `--keep`: Baton and the stand-in stay up with the console link shown, until Ctrl-C. */
function holdUntilInterrupted({ consoleUrl }: KeptDemo): Promise<void> {
  console.log(
    `\nThe console, signed in as the demo portal's admin (the link works once):\n\n  ${consoleUrl}\n`,
  );
  console.log('Baton and the HubSpot stand-in keep running; press Ctrl-C to stop.\n');
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`\nThe demo failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
