import { describe, expect, it } from 'vitest';
import type { DefinitionScope, QualificationDefinition } from '../../../src/core/qualification/definition.ts';
import {
  type SelectionContext,
  selectDefinition,
} from '../../../src/core/qualification/select-definition.ts';
import { approval, CREATED, draftDefinition } from './fixtures.ts';

function activeDefinition(key: string, scope: DefinitionScope): QualificationDefinition {
  return draftDefinition({
    key,
    name: key,
    scope,
    status: 'active',
    activatedAt: CREATED,
    approvals: { marketing: approval, sales: approval },
  });
}

const definitions = [
  activeDefinition('global', {}),
  activeDefinition('emea', { territories: ['DE', 'FR', 'GB'] }),
  activeDefinition('germany', { territories: ['DE'] }),
  activeDefinition('platform', { productLines: ['Platform'], territories: [] }),
  activeDefinition('de-platform', { territories: ['DE'], productLines: ['Platform'] }),
  draftDefinition({ key: 'uk-draft', scope: { territories: ['GB'] } }),
];

describe('selectDefinition', () => {
  it.each([
    ['territory and product line both match', { territory: 'DE', productLine: 'Platform' }, 'de-platform'],
    [
      'a one-territory list beats a three-territory list',
      { territory: 'DE', productLine: 'Analytics' },
      'germany',
    ],
    ['a regional definition', { territory: 'FR' }, 'emea'],
    ['a product line outside every territory list', { territory: 'US', productLine: 'Platform' }, 'platform'],
    ['nothing specific applies', { territory: 'US' }, 'global'],
    ['an unknown territory never matches a restricted list', {}, 'global'],
    ['names compare without case or padding', { territory: ' de ' }, 'germany'],
    ['drafts are never selected', { territory: 'GB' }, 'emea'],
  ] as const)('%s', (_name, context: SelectionContext, key) => {
    expect(selectDefinition(definitions, context).definition?.key).toBe(key);
  });

  it('says why the chosen definition applies', () => {
    const { reason } = selectDefinition(definitions, { territory: 'DE', productLine: 'Platform' });
    expect(reason).toBe(
      'de-platform (de-platform v1) applies because it is scoped to territory DE and product line Platform; it is the most specific of 5 matches',
    );
  });

  it('says when the match is the only one', () => {
    const { reason } = selectDefinition([activeDefinition('global', {})], { territory: 'US' });
    expect(reason).toBe('global (global v1) applies because it applies everywhere; it is the only match');
  });

  it('breaks a specificity tie by key and says so', () => {
    const tied = [
      activeDefinition('beta', { productLines: ['Platform'] }),
      activeDefinition('alpha', { territories: ['DE'] }),
    ];
    const selection = selectDefinition(tied, { territory: 'DE', productLine: 'Platform' });
    expect(selection.definition?.key).toBe('alpha');
    expect(selection.reason).toContain('ties on specificity with beta v1');
  });

  it('finds nothing when no definition is active', () => {
    expect(selectDefinition([draftDefinition()], { territory: 'DE' })).toEqual({
      definition: null,
      reason: 'no qualification definition is active',
    });
  });

  it('finds nothing when no active scope covers the lead', () => {
    const scoped = [activeDefinition('emea', { territories: ['DE', 'FR'] })];
    expect(selectDefinition(scoped, { territory: 'US', productLine: 'Platform' })).toEqual({
      definition: null,
      reason: 'none of the 1 active definition(s) covers territory US and product line Platform',
    });
  });
});
