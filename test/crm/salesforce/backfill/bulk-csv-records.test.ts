import { describe, expect, it } from 'vitest';
import { csvRecords } from '../../../../src/crm/salesforce/backfill/bulk-csv-records.ts';
import { leadRecordOf } from '../../../../src/crm/salesforce/lead-record.ts';

const csv = (...lines: string[]) => `${lines.join('\n')}\n`;

describe('Bulk API 2.0 CSV as SOQL records', () => {
  it('reads quoted values with doubled quotes, commas and line breaks, and empty cells as null', () => {
    const records = csvRecords(
      csv('"Id","Company","Description","Rating"', '"00Q1","Quote ""Q"", Inc.","two\nlines",""'),
    );
    expect(records).toEqual([
      { Id: '00Q1', Company: 'Quote "Q", Inc.', Description: 'two\nlines', Rating: null },
    ]);
  });

  it('nests dotted relationship columns, and a relationship with no value at all is null', () => {
    const records = csvRecords(
      csv(
        '"Id","Owner.Type","Owner.Name","ConvertedOpportunity.Account.Name","Campaign.Name"',
        '"00Q1","Queue","","Acme","Webinar"',
        '"00Q2","","","",""',
      ),
    );
    expect(records).toEqual([
      {
        Id: '00Q1',
        Owner: { Type: 'Queue', Name: null },
        ConvertedOpportunity: { Account: { Name: 'Acme' } },
        Campaign: { Name: 'Webinar' },
      },
      { Id: '00Q2', Owner: null, ConvertedOpportunity: null, Campaign: null },
    ]);
  });

  it("writes the datetime columns it is told of in REST's form, and leaves the others as they are", () => {
    const [record] = csvRecords(
      csv(
        '\uFEFF"Id","CreatedDate","ConvertedDate","Note__c"',
        '"00Q1","2026-03-02T10:00:00.000Z","2026-03-02","2026-03-02T10:00:00.000Z"',
      ),
      new Set(['CreatedDate']),
    );
    expect(record).toEqual({
      Id: '00Q1',
      CreatedDate: '2026-03-02T10:00:00.000+0000',
      ConvertedDate: '2026-03-02',
      Note__c: '2026-03-02T10:00:00.000Z',
    });
  });

  it('has no records in a page that holds only the header, or nothing', () => {
    expect(csvRecords(csv('"Id","Status"'))).toEqual([]);
    expect(csvRecords('')).toEqual([]);
  });

  it('makes the same Lead record as the REST answer of the same Lead', () => {
    const rest = {
      attributes: { type: 'Lead', url: '/services/data/v66.0/sobjects/Lead/00Q5e00000AbCdEEAV' },
      Id: '00Q5e00000AbCdEEAV',
      Status: 'Closed - Converted',
      IsConverted: true,
      ConvertedOpportunityId: null,
      OwnerId: '00G5e000001QuEuEAK',
      Owner: { attributes: { type: 'Name' }, Type: 'Queue', Name: 'SDR Queue' },
      AnnualRevenue: 1500000,
      LeadSource: null,
      CreatedDate: '2026-02-01T09:30:00.000+0000',
      SystemModstamp: '2026-03-01T12:00:00.000+0000',
    };
    const [bulk] = csvRecords(
      csv(
        '"Id","Status","IsConverted","ConvertedOpportunityId","OwnerId","Owner.Type","Owner.Name","AnnualRevenue","LeadSource","CreatedDate","SystemModstamp"',
        '"00Q5e00000AbCdEEAV","Closed - Converted","true","","00G5e000001QuEuEAK","Queue","SDR Queue","1500000","","2026-02-01T09:30:00.000Z","2026-03-01T12:00:00.000Z"',
      ),
      new Set(['CreatedDate', 'SystemModstamp']),
    );
    expect(bulk).toBeDefined();
    expect(leadRecordOf(bulk ?? {})).toEqual(leadRecordOf(rest));
  });
});
