import { afterEach, describe, expect, it } from 'vitest';
import { generateScenario, type Scenario } from '../../src/simulate/hubspot-stand-in/generate-scenario.ts';
import { runScenario } from '../../src/simulate/hubspot-stand-in/run-scenario.ts';
import type { HubSpotStandIn } from '../../src/simulate/hubspot-stand-in/start-hubspot-stand-in.ts';
import { startStandIn, startWebhookReceiver } from './stand-in-harness.ts';

const DAY = 86_400_000;
let standIn: HubSpotStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

/** Each contact's final properties, folded from the steps directly: an independent replay. */
function expectedFinalState(scenario: Scenario): Map<string, Record<string, string>> {
  const state = new Map<string, Record<string, string>>();
  for (const step of scenario.steps) {
    if (step.action === 'create') state.set(step.contactRef, { ...step.properties });
    if (step.action === 'update') {
      const held = state.get(step.contactRef) ?? {};
      for (const [name, value] of Object.entries(step.properties)) {
        if (value === '') delete held[name];
        else held[name] = value;
      }
    }
    if (step.action === 'delete' || step.action === 'privacyDelete') state.delete(step.contactRef);
    if (step.action === 'merge') state.delete(step.mergedContactRef ?? '');
  }
  return state;
}

describe('scenario generator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const once = generateScenario({ seed: 42, contacts: 300 });
    expect(generateScenario({ seed: 42, contacts: 300 })).toEqual(once);
    expect(generateScenario({ seed: 43, contacts: 300 }).steps).not.toEqual(once.steps);
  });

  it('produces the promised mix of sources, hand-offs, verdicts and conversions', () => {
    const scenario = generateScenario({ seed: 42, contacts: 300 });
    const { summary, steps } = scenario;
    expect(summary.contacts).toBe(300);
    expect(summary.owners).toEqual({ marketing: 3, sales: 5 });
    expect(scenario.owners.filter((o) => o.team === 'Marketing')).toHaveLength(3);
    expect(scenario.owners.filter((o) => o.team === 'Sales')).toHaveLength(5);
    expect(Object.keys(summary.bySource).length).toBeGreaterThanOrEqual(8);
    expect(Object.values(summary.bySource).reduce((a, b) => a + b, 0)).toBe(300);
    const { milestones } = summary;
    expect(milestones.mql / summary.contacts).toBeGreaterThan(0.2);
    expect(milestones.mql / summary.contacts).toBeLessThan(0.6);
    expect(milestones.handed_off).toBeGreaterThan(0.75 * milestones.mql);
    expect(milestones.handed_off).toBeLessThanOrEqual(milestones.mql);
    expect(milestones.accepted).toBeGreaterThan(milestones.rejected);
    expect(milestones.rejected).toBeGreaterThan(10);
    expect(summary.rejectedReasons.UNQUALIFIED).toBeGreaterThan(0);
    expect(summary.rejectedReasons.BAD_TIMING).toBeGreaterThan(0);
    expect(milestones.connected).toBeGreaterThan(milestones.sql);
    expect(milestones.sql).toBeGreaterThan(milestones.opportunity);
    expect(milestones.opportunity).toBeGreaterThan(milestones.customer);
    expect(milestones.customer).toBeGreaterThan(0);
    expect(milestones.recycled).toBeGreaterThan(0);
    expect(milestones.duplicate_created).toBe(milestones.merged);
    expect(milestones.deleted).toBeGreaterThan(0);
    expect(milestones.privacy_deleted).toBe(2);

    const salesOwners = new Set(scenario.owners.filter((o) => o.team === 'Sales').map((o) => o.id));
    for (const step of steps) {
      if (step.milestone === 'mql') expect(step.properties.lifecyclestage).toBe('marketingqualifiedlead');
      if (step.milestone === 'handed_off')
        expect(salesOwners.has(step.properties.hubspot_owner_id ?? '')).toBe(true);
      if (step.milestone === 'rejected')
        expect(['UNQUALIFIED', 'BAD_TIMING']).toContain(step.properties.hs_lead_status);
      if (step.milestone === 'customer') expect(step.properties.lifecyclestage).toBe('customer');
      if (step.milestone === 'entered') {
        expect(step.properties).toMatchObject({
          email: expect.stringMatching(/^[a-z.0-9]+@[a-z0-9.-]+$/),
          country: expect.any(String),
          jobtitle: expect.any(String),
          numberofemployees: expect.stringMatching(/^\d+$/),
          hs_analytics_source: expect.any(String),
          hs_analytics_source_data_1: expect.any(String),
          hs_latest_source: expect.any(String),
        });
        expect(Number(step.properties.hs_analytics_first_timestamp)).toBeLessThan(scenario.startAt + step.at);
        if (step.origin.changeSource === 'FORM')
          expect(step.properties.first_conversion_event_name).toBeTruthy();
      }
    }
  });

  it('orders steps in time, each contact created before it changes and silent once removed', () => {
    const scenario = generateScenario({ seed: 9, contacts: 200 });
    const created = new Set<string>();
    const removed = new Set<string>();
    let previous = 0;
    for (const step of scenario.steps) {
      expect(step.at).toBeGreaterThanOrEqual(previous);
      expect(step.at).toBeLessThanOrEqual(scenario.spanMs);
      previous = step.at;
      expect(removed.has(step.contactRef)).toBe(false);
      if (step.action === 'create') created.add(step.contactRef);
      else expect(created.has(step.contactRef)).toBe(true);
      if (step.action === 'merge') removed.add(step.mergedContactRef ?? '');
      if (step.action === 'delete' || step.action === 'privacyDelete') removed.add(step.contactRef);
    }
  });
});

describe('scenario runner', () => {
  it('replays a scenario into the portal: every step accepted, final state and record times as planned', async () => {
    const receiver = await startWebhookReceiver();
    standIn = await startStandIn({ webhookTargetUrl: receiver.url });
    const scenario = generateScenario({ seed: 5, contacts: 300 });
    const progress: number[] = [];
    const run = await runScenario(standIn, scenario, {
      speedup: Number.POSITIVE_INFINITY,
      onProgress: ({ applied }) => progress.push(applied),
    });
    expect(run.applied).toBe(scenario.steps.length);
    expect(progress).toHaveLength(scenario.steps.length);
    expect(progress.at(-1)).toBe(scenario.steps.length);

    const expected = expectedFinalState(scenario);
    expect(standIn.contacts()).toHaveLength(expected.size);
    for (const [ref, properties] of expected) {
      const contact = standIn.contact(run.contactIds.get(ref) ?? '');
      expect(contact?.properties.lifecyclestage).toBe(properties.lifecyclestage);
      expect(contact?.properties.hs_lead_status).toBe(properties.hs_lead_status);
      expect(contact?.properties.hubspot_owner_id).toBe(properties.hubspot_owner_id);
      const createdAt = scenario.startAt + (scenario.steps.find((s) => s.contactRef === ref)?.at ?? -1);
      expect(contact?.createdAt).toBe(createdAt);
    }
    expect(standIn.owners()).toHaveLength(8);

    await standIn.whenWebhooksDelivered(20_000);
    const stats = standIn.webhookStats();
    expect(stats.eventsDelivered).toBe(stats.eventsEmitted);
    const times = receiver.events().map((event) => event.occurredAt);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(scenario.startAt);
    expect(Math.max(...times)).toBeLessThanOrEqual(scenario.startAt + scenario.spanMs);
    await receiver.close();
  });

  it('paces the replay by the speedup, and stops when aborted with record time handed back', async () => {
    standIn = await startStandIn();
    const scenario = generateScenario({ seed: 3, contacts: 30, spanMs: 2 * DAY });
    const lastAt = scenario.steps.at(-1)?.at ?? 0;
    const speedup = lastAt / 300;
    const run = await runScenario(standIn, scenario, { speedup });
    expect(run.elapsedMs).toBeGreaterThanOrEqual(280);
    expect(run.elapsedMs).toBeLessThan(3_000);

    await standIn.close();
    standIn = await startStandIn();
    const abort = new AbortController();
    const running = runScenario(standIn, scenario, { speedup, signal: abort.signal });
    setTimeout(() => abort.abort(), 100);
    await expect(running).rejects.toThrow(/abort/i);
    const applied = standIn.contacts().length;
    expect(applied).toBeGreaterThan(0);
    expect(applied).toBeLessThan(30);
    const afterwards = standIn.createContact({ email: 'late@example.com' });
    expect(Math.abs(afterwards.createdAt - Date.now())).toBeLessThan(5_000);
  });
});
