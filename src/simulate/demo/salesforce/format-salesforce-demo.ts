import { type DemoCrmWords, formatCard, formatTable, formatWaterfall } from '../format-demo-report.ts';
import type { SalesforceDemoResult } from './run-salesforce-demo.ts';

const count = (n: number) => n.toLocaleString('en-US');

const SALESFORCE_WORDS: DemoCrmWords = {
  tenantRef: 'salesforce:<org id>',
  cardOf: 'Baton card on the Lead page of',
  cardShownBy: 'the Lightning component',
};

/** What the Salesforce demo printed: the org's month, Baton's traffic, the waterfall and one Lead's card. */
export function formatSalesforceDemo(result: SalesforceDemoResult): string {
  const { scenario, traffic, inbox } = result;
  const reads = traffic.callsByEndpoint['GET /query'] ?? 0;
  const writes = traffic.callsByEndpoint['PATCH /composite/sobjects'] ?? 0;
  return [
    'Summary',
    `  leads                  ${count(scenario.leads)} (${scenario.accepted} accepted on the card, ${scenario.rejected} rejected with a reason, ${scenario.closedUnaccepted} closed unaccepted, ${scenario.untouched} left waiting, ${scenario.converted} converted, ${scenario.deleted} deleted); ${count(result.leadsInOrg)} in the org at the end`,
    `  org changes            ${count(traffic.orgChanges)} replayed in ${(result.replayMs / 1000).toFixed(1)} s`,
    `  Outbound Messages      ${count(traffic.outboundMessages)} acknowledged, ${count(traffic.notifications)} notifications`,
    `  inbox items processed  ${count(inbox.done)} (${inbox.dead} dead-lettered)`,
    `  card dispositions      ${count(result.dispositions)} recorded once each (accepts and rejects from the Lead page; ${count(result.refusedDispositions)} refused, e.g. accepting a lead the active definition never handed off; see the audit log)`,
    `  Baton write-backs      ${count(traffic.batonWrites)} Lead updates in Salesforce (client "Baton")`,
    `  SLA breaches           ${count(result.breaches)} recorded; ${count(result.tasks)} Salesforce tasks for owners and their manager`,
    '  Salesforce API calls',
    ...formatTable(
      ['endpoint', 'calls'],
      Object.entries(traffic.callsByEndpoint).map(([endpoint, calls]) => [endpoint, count(calls)]),
    ).map((l) => `    ${l}`),
    `  bound SOQL reads ${count(reads)}, collections writes ${count(writes)}, for ${count(traffic.notifications)} notifications`,
    `  total time             ${(result.elapsedMs / 1000).toFixed(1)} s`,
    '',
    ...formatWaterfall(result.waterfall, result.quality, SALESFORCE_WORDS),
    '',
    ...formatCard(result.card, SALESFORCE_WORDS),
  ].join('\n');
}
