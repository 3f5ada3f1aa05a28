import { describe, expect, it } from 'vitest';
import { leadRecordOf } from '../../../../src/crm/salesforce/lead-record.ts';
import { dispositionOf } from '../../../../src/crm/salesforce/sync/lead-dispositions.ts';

const lead = (fields: Record<string, unknown>) =>
  leadRecordOf({ Id: '00Q000000000001AAA', LastModifiedById: '005000000000007AAA', ...fields });

describe('a disposition the Lead page’s card wrote', () => {
  it('is a reject with its reason and feedback, by the Lead’s last modifier, under the click’s own id', () => {
    const reading = dispositionOf(
      lead({
        baton__Disposition__c: JSON.stringify({
          id: 'c0ffee00-1111',
          action: 'reject',
          reasonCode: 'bad_fit',
        }),
        baton__Disposition_Feedback__c: '  Student, not a buyer  ',
      }),
    );
    expect(reading).toEqual({
      kind: 'action',
      action: {
        record: { objectType: 'Lead', recordId: '00Q000000000001AAA' },
        actor: { id: '005000000000007AAA', ownerId: '005000000000007AAA', actsForSales: true },
        request: {
          requestId: 'salesforce-disposition:c0ffee00-1111',
          action: { kind: 'reject', reasonCode: 'bad_fit', feedback: 'Student, not a buyer' },
          request: {
            action: 'reject',
            requestId: 'salesforce-disposition:c0ffee00-1111',
            reasonCode: 'bad_fit',
            feedback: 'Student, not a buyer',
          },
        },
      },
    });
  });

  it('is an accept without a reason', () => {
    const reading = dispositionOf(lead({ baton__Disposition__c: '{"id":"abcdef12","action":"accept"}' }));
    expect(reading.kind === 'action' && reading.action.request.action).toEqual({ kind: 'accept' });
  });

  it('is nothing when empty, and unreadable (never a guess) when malformed or anonymous', () => {
    expect(dispositionOf(lead({ baton__Disposition__c: null }))).toEqual({ kind: 'none' });
    expect(dispositionOf(lead({ baton__Disposition__c: 'accept' })).kind).toBe('unreadable');
    expect(dispositionOf(lead({ baton__Disposition__c: '{"id":"x","action":"accept"}' })).kind).toBe(
      'unreadable',
    );
    expect(dispositionOf(lead({ baton__Disposition__c: '{"id":"abcdef12","action":"approve"}' })).kind).toBe(
      'unreadable',
    );
    expect(
      dispositionOf(
        lead({ LastModifiedById: null, baton__Disposition__c: '{"id":"abcdef12","action":"accept"}' }),
      ).kind,
    ).toBe('unreadable');
  });
});
