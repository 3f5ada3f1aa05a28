import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNELS } from '../../../src/core/attribution/channels.ts';
import { touchesFromHubSpotContact } from '../../../src/crm/hubspot/hubspot-touches.ts';
import { HUBSPOT_SOURCE_MAPPING } from '../../fixtures/hubspot-defaults.ts';

const touches = (properties: Record<string, string | null>) =>
  touchesFromHubSpotContact(properties, DEFAULT_CHANNELS, HUBSPOT_SOURCE_MAPPING);
const channelOf = (source: string) => HUBSPOT_SOURCE_MAPPING[source] ?? 'other';

describe('touchesFromHubSpotContact', () => {
  it('turns original source, latest source and conversions into touches at their own times', () => {
    const result = touches({
      createdate: '1767225600000',
      hs_analytics_source: 'PAID_SEARCH',
      hs_analytics_source_data_1: 'google',
      hs_analytics_source_data_2: 'brand-campaign',
      hs_analytics_first_timestamp: '1767139200000',
      hs_latest_source: 'EMAIL_MARKETING',
      hs_latest_source_data_1: 'March newsletter',
      hs_latest_source_timestamp: '1772323200000',
      first_conversion_event_name: 'Ebook: Pipeline math',
      first_conversion_date: '1767225600000',
      recent_conversion_event_name: 'Demo request',
      recent_conversion_date: '1772409600000',
    });
    expect(result).toEqual([
      {
        id: 'hubspot:original-source',
        occurredAt: 1767139200000,
        channel: channelOf('PAID_SEARCH'),
        origin: 'marketing',
        sourceDetail: 'google',
        campaign: 'brand-campaign',
      },
      expect.objectContaining({
        id: 'hubspot:latest-source:1772323200000',
        channel: channelOf('EMAIL_MARKETING'),
      }),
      expect.objectContaining({
        id: 'hubspot:conversion:1767225600000',
        channel: channelOf('PAID_SEARCH'),
        content: 'Ebook: Pipeline math',
      }),
      expect.objectContaining({
        id: 'hubspot:conversion:1772409600000',
        channel: channelOf('EMAIL_MARKETING'),
        content: 'Demo request',
      }),
    ]);
  });

  it('counts a contact a rep created in the CRM as sales-generated', () => {
    const [touch] = touches({
      createdate: '1767225600000',
      hs_analytics_source: 'OFFLINE',
      hs_analytics_source_data_1: 'CRM_UI',
    });
    expect(touch).toMatchObject({ origin: 'sales', occurredAt: 1767225600000 });
  });

  it('is stable across re-reads and merges a first conversion that is also the most recent', () => {
    const properties = {
      hs_analytics_source: 'ORGANIC_SEARCH',
      hs_analytics_first_timestamp: '2026-01-01T10:00:00Z',
      first_conversion_date: '2026-01-02T10:00:00Z',
      recent_conversion_date: '2026-01-02T10:00:00Z',
    };
    expect(touches(properties)).toEqual(touches(properties));
    expect(touches(properties).map((t) => t.id)).toEqual([
      'hubspot:original-source',
      `hubspot:conversion:${Date.parse('2026-01-02T10:00:00Z')}`,
    ]);
  });

  it('yields no touches for a contact without source data', () => {
    expect(touches({ createdate: '1767225600000' })).toEqual([]);
  });
});
