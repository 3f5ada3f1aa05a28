import { createSOQL } from 'jsforce/lib/soql-builder.js';
import { describe, expect, it } from 'vitest';
import { SoqlError } from '../../../src/simulate/salesforce-stand-in/soql-error.ts';
import { parseSoql } from '../../../src/simulate/salesforce-stand-in/soql-parser.ts';

function refusal(query: string): SoqlError {
  try {
    parseSoql(query);
  } catch (error) {
    if (error instanceof SoqlError) return error;
    throw error;
  }
  throw new Error(`accepted: ${query}`);
}

describe('SOQL parser', () => {
  it('reads field paths, a nested boolean WHERE, ORDER BY with NULLS, LIMIT and OFFSET', () => {
    const query = parseSoql(
      "select Id, Owner.Type, Campaign.Name from CampaignMember where (Status = 'Sent' or HasResponded = true) and not LeadId = null order by Campaign.Name desc nulls last, Id limit 10 offset 5",
    );
    expect(query.fields?.map((field) => field.segments)).toEqual([
      ['Id'],
      ['Owner', 'Type'],
      ['Campaign', 'Name'],
    ]);
    expect(query.from.name).toBe('CampaignMember');
    expect(query.where).toMatchObject({
      kind: 'and',
      operands: [
        {
          kind: 'or',
          operands: [
            { kind: 'compare', operator: '=', value: { kind: 'string', value: 'Sent' } },
            { kind: 'compare', operator: '=', value: { kind: 'boolean', value: true } },
          ],
        },
        { kind: 'not', operand: { kind: 'compare', value: { kind: 'null' } } },
      ],
    });
    expect(
      query.orderBy.map((item) => [item.field.segments.join('.'), item.descending, item.nullsLast]),
    ).toEqual([
      ['Campaign.Name', true, true],
      ['Id', false, false],
    ]);
    expect([query.limit, query.offset]).toEqual([10, 5]);
  });

  it('reads child relationship subqueries in the SELECT list with their own clauses and place', () => {
    const query = parseSoql(
      "SELECT Id, (SELECT Id, Campaign.Name FROM CampaignMembers WHERE Status = 'Sent' ORDER BY CreatedDate DESC LIMIT 5), Name, (SELECT Subject FROM Tasks) FROM Lead",
    );
    expect(query.fields?.map((field) => field.segments.join('.'))).toEqual(['Id', 'Name']);
    expect(query.subqueries.map((subquery) => [subquery.query.from.name, subquery.fieldsBefore])).toEqual([
      ['CampaignMembers', 1],
      ['Tasks', 2],
    ]);
    const [members] = query.subqueries;
    expect(members?.query).toMatchObject({
      fields: [{ segments: ['Id'] }, { segments: ['Campaign', 'Name'] }],
      where: { kind: 'compare', value: { value: 'Sent' } },
      orderBy: [{ field: { segments: ['CreatedDate'] }, descending: true }],
      limit: 5,
      subqueries: [],
    });
    expect(query.from.name).toBe('Lead');
  });

  it('reads datetime literals with Z or an offset, date literals, numbers, <> and NOT IN', () => {
    const query = parseSoql(
      "SELECT Id FROM Lead WHERE SystemModstamp > 2026-01-01T00:00:00Z AND CreatedDate <= 2026-01-01T02:30:00.000+02:30 AND ConvertedDate = 2026-03-31 AND AnnualRevenue >= -1.5 AND Rating <> null AND Status NOT IN ('A', 'B')",
    );
    const operands = query.where?.kind === 'and' ? query.where.operands : [];
    expect(operands.map((operand) => (operand.kind === 'compare' ? operand.value : operand))).toEqual([
      { kind: 'datetime', value: Date.UTC(2026, 0, 1), position: expect.any(Number) },
      { kind: 'datetime', value: Date.UTC(2026, 0, 1), position: expect.any(Number) },
      { kind: 'date', value: '2026-03-31', position: expect.any(Number) },
      { kind: 'number', value: -1.5, integer: false, position: expect.any(Number) },
      { kind: 'null', position: expect.any(Number) },
      expect.objectContaining({ kind: 'in', negated: true }),
    ]);
    expect(operands[4]).toMatchObject({ operator: '!=' });
  });

  it('decodes SOQL string escapes, keeping \\% and \\_ literal for LIKE', () => {
    const query = parseSoql(
      "SELECT Id FROM Lead WHERE Company = 'O\\'Brien \\\\ Co\\n\\t\\u0041' AND Email LIKE '100\\%\\_%'",
    );
    const [company, email] = query.where?.kind === 'and' ? query.where.operands : [];
    expect(company).toMatchObject({ value: { value: "O'Brien \\ Co\n\tA" } });
    expect(email).toMatchObject({
      kind: 'like',
      pattern: {
        value: '100%_%',
        units: expect.arrayContaining([
          { text: '%', escaped: true },
          { text: '%', escaped: false },
        ]),
      },
    });
  });

  it('keeps a quote-breaking value inside its string: the WHERE does not widen', () => {
    const query = parseSoql("SELECT Id FROM Lead WHERE Email = 'x\\' OR Email != \\'y'");
    expect(query.where).toMatchObject({
      kind: 'compare',
      operator: '=',
      value: { value: "x' OR Email != 'y" },
    });
  });

  it.each([
    ['a quote that closes the string early', "SELECT Id FROM Lead WHERE Email = 'x' y'"],
    ['AND and OR side by side', "SELECT Id FROM Lead WHERE Status = 'a' AND Rating = 'b' OR Email = 'c'"],
    [
      'an unterminated string (a trailing backslash escapes the quote)',
      "SELECT Id FROM Lead WHERE Email = 'x\\'",
    ],
    ['an illegal escape', "SELECT Id FROM Lead WHERE Email = 'a\\q'"],
    ['a datetime without a zone', 'SELECT Id FROM Lead WHERE CreatedDate > 2026-01-01T00:00:00'],
    ['an impossible date', 'SELECT Id FROM Lead WHERE ConvertedDate = 2026-02-30'],
    ['a missing FROM', 'SELECT Id WHERE Id = null'],
    ['trailing tokens', 'SELECT Id FROM Lead LIMIT 5 garbage'],
    ['a semicolon', 'SELECT Id FROM Lead; DELETE'],
    ['an empty IN list', 'SELECT Id FROM Lead WHERE Id IN ()'],
    ['an unclosed subquery', 'SELECT Id, (SELECT Id FROM CampaignMembers FROM Lead'],
    ['COUNT() in a subquery', 'SELECT Id, (SELECT COUNT() FROM CampaignMembers) FROM Lead'],
    ['a semi-join subquery', 'SELECT Id FROM Lead WHERE Id IN (SELECT LeadId FROM CampaignMember)'],
    ['a negative LIMIT', 'SELECT Id FROM Lead LIMIT -1'],
  ])('refuses %s with MALFORMED_QUERY', (_name, query) => {
    const error = refusal(query);
    expect(error.errorCode).toBe('MALFORMED_QUERY');
    expect(error.message).toMatch(/ERROR at Row:1:Column:\d+/);
  });

  it('accepts what jsforce’s query builder sends', () => {
    const built = [
      createSOQL({
        table: 'Lead',
        fields: ['Id', 'Status'],
        conditions: { Id: { $in: ['00Q8d0000000001EAA', '00Q8d0000000002EAA'] } },
      }),
      createSOQL({
        table: 'Lead',
        fields: ['Id', 'Owner.Type'],
        conditions: {
          $or: [{ Status: 'Open' }, { Rating: { $ne: null } }],
          Email: { $like: '%@acme.example' },
          Company: { $nlike: 'Test%' },
        },
        sort: { SystemModstamp: -1, Id: 1 },
        limit: 200,
        offset: 10,
      }),
      createSOQL({
        table: 'Lead',
        fields: ['Id'],
        conditions: { $not: { IsConverted: true }, LeadSource: { $exists: true } },
      }),
      createSOQL({
        table: 'Lead',
        fields: ['Id', 'Status', 'Owner.Type'],
        conditions: { Id: { $in: ['00Q8d0000000001EAA'] } },
        includes: {
          CampaignMembers: {
            table: 'CampaignMembers',
            fields: ['Id', 'CreatedDate', 'CampaignId', 'Campaign.Name', 'Campaign.Type'],
            conditions: { Status: 'Responded' },
            sort: { CreatedDate: 1 },
            limit: 10,
          },
        },
      }),
      createSOQL({
        table: 'CampaignMember',
        fields: ['CampaignId', 'Campaign.Name'],
        conditions: { LeadId: { $nin: ["O'Hara"] } },
      }),
    ];
    for (const query of built) expect(() => parseSoql(query)).not.toThrow();
    expect(parseSoql(built[0] ?? '').where).toMatchObject({
      kind: 'in',
      negated: false,
      values: [{ value: '00Q8d0000000001EAA' }, { value: '00Q8d0000000002EAA' }],
    });
  });
});
