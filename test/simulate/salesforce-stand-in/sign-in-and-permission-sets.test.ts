import { afterEach, describe, expect, it } from 'vitest';
import type { SalesforceStandIn } from '../../../src/simulate/salesforce-stand-in/start-salesforce-stand-in.ts';
import { install, rest, soql, startOrg } from './harness.ts';

let org: SalesforceStandIn | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

interface UserInfo {
  readonly user_id: string;
  readonly organization_id: string;
  readonly name: string;
  readonly email: string;
}

interface QueryAnswer {
  readonly totalSize: number;
  readonly records: readonly Record<string, unknown>[];
}

async function orgWithPeople() {
  const started = await startOrg();
  org = started;
  const [rep, marketer] = started.addUsers([
    { firstName: 'Rita', lastName: 'Rep', email: 'rita@acme.example', department: 'Sales' },
    { firstName: 'Mark', lastName: 'Eter', email: 'mark@acme.example', department: 'Marketing' },
  ]);
  if (!rep || !marketer) throw new Error('the org added no users');
  return { org: started, rep: String(rep.Id), marketer: String(marketer.Id) };
}

const userInfo = async (target: SalesforceStandIn, accessToken: string) =>
  (await rest<UserInfo>(target, accessToken, 'GET', '/services/oauth2/userinfo')).body;

describe('Salesforce stand-in: signing in as a chosen user', () => {
  it('issues the next codes for the signed-in user, while earlier tokens keep their user', async () => {
    const { org, rep, marketer } = await orgWithPeople();
    const admin = await install(org);

    org.signInAs(rep);
    const asRep = await install(org);
    expect(asRep.body.id).toBe(`${org.loginUrl}/id/${org.orgId}/${rep}`);
    // A 15-character id names the same user.
    org.signInAs(marketer.slice(0, 15));
    const asMarketer = await install(org);

    expect(await userInfo(org, asRep.accessToken)).toMatchObject({
      user_id: rep,
      organization_id: org.orgId,
      name: 'Rita Rep',
      email: 'rita@acme.example',
    });
    expect(await userInfo(org, asMarketer.accessToken)).toMatchObject({
      user_id: marketer,
      name: 'Mark Eter',
      email: 'mark@acme.example',
    });
    expect((await userInfo(org, admin.accessToken)).user_id).toBe(org.adminUserId);

    const created = await rest<{ id: string }>(org, asRep.accessToken, 'POST', 'sobjects/Lead', {
      LastName: 'Lovelace',
      Company: 'Analytical',
    });
    expect(org.lead(created.body.id)).toMatchObject({ CreatedById: rep, OwnerId: rep });
  });

  it('refuses to sign in someone who is no active user of the org', async () => {
    const { org } = await orgWithPeople();
    const [former] = org.addUsers([{ lastName: 'Gone', email: 'gone@acme.example', isActive: false }]);
    expect(() => org.signInAs(String(former?.Id))).toThrow(/inactive/);
    expect(() => org.signInAs(org.orgId)).toThrow(/no User/);
    expect(() => org.signInAs('not-an-id')).toThrow(/no User/);
    expect((await userInfo(org, (await install(org)).accessToken)).user_id).toBe(org.adminUserId);
  });
});

describe('Salesforce stand-in: permission sets', () => {
  it("answers a user's permission sets through SOQL, nested as Salesforce nests them", async () => {
    const { org, rep, marketer } = await orgWithPeople();
    const assignment = org.assignPermissionSet(rep, 'Baton_Sales_Rep');
    org.assignPermissionSet(rep, 'Baton_Admin', 'baton');
    org.assignPermissionSet(marketer, 'Baton_Sales_Rep');
    expect(String(assignment.Id)).toMatch(/^0Pa/);
    expect(org.assignPermissionSet(rep, 'Baton_Sales_Rep').Id).toBe(assignment.Id);
    expect(
      org.records('PermissionSet').map((set) => [set.Name, set.Label, set.NamespacePrefix, String(set.Id)]),
    ).toEqual([
      ['Baton_Sales_Rep', 'Baton Sales Rep', null, expect.stringMatching(/^0PS/)],
      ['Baton_Admin', 'Baton Admin', 'baton', expect.stringMatching(/^0PS/)],
    ]);

    org.signInAs(rep);
    const { accessToken } = await install(org);
    const answer = await rest<QueryAnswer>(
      org,
      accessToken,
      'GET',
      soql(`SELECT PermissionSet.Name FROM PermissionSetAssignment WHERE AssigneeId = '${rep.slice(0, 15)}'`),
    );
    expect(answer.status).toBe(200);
    const [salesRep, admin] = org.records('PermissionSet');
    const held = org.records('PermissionSetAssignment').filter((row) => row.AssigneeId === rep);
    expect(answer.body).toMatchObject({ totalSize: 2, done: true });
    expect(answer.body.records).toEqual(
      [salesRep, admin].map((set, index) => ({
        attributes: {
          type: 'PermissionSetAssignment',
          url: `/services/data/v66.0/sobjects/PermissionSetAssignment/${String(held[index]?.Id)}`,
        },
        PermissionSet: {
          attributes: {
            type: 'PermissionSet',
            url: `/services/data/v66.0/sobjects/PermissionSet/${String(set?.Id)}`,
          },
          Name: set?.Name,
        },
      })),
    );

    const namespaced = await rest<QueryAnswer>(
      org,
      accessToken,
      'GET',
      soql(
        `SELECT Assignee.Email, PermissionSet.Name FROM PermissionSetAssignment WHERE PermissionSet.NamespacePrefix = 'baton'`,
      ),
    );
    expect(namespaced.body.records).toMatchObject([
      { Assignee: { Email: 'rita@acme.example' }, PermissionSet: { Name: 'Baton_Admin' } },
    ]);

    const fromUser = await rest<QueryAnswer>(
      org,
      accessToken,
      'GET',
      soql(
        `SELECT Id, (SELECT PermissionSet.Name FROM PermissionSetAssignments) FROM User WHERE Id = '${marketer}'`,
      ),
    );
    expect(fromUser.body.records[0]?.PermissionSetAssignments).toMatchObject({
      totalSize: 1,
      records: [{ PermissionSet: { Name: 'Baton_Sales_Rep' } }],
    });
  });

  it('serves permission sets read-only, with their key prefixes', async () => {
    const { org, rep } = await orgWithPeople();
    org.assignPermissionSet(rep, 'Baton_Sales_Rep');
    const { accessToken } = await install(org);
    const global = await rest<{ sobjects: { name: string; keyPrefix: string; createable: boolean }[] }>(
      org,
      accessToken,
      'GET',
      'sobjects',
    );
    expect(
      global.body.sobjects
        .filter((object) => object.name.startsWith('PermissionSet'))
        .map((object) => [object.name, object.keyPrefix, object.createable]),
    ).toEqual([
      ['PermissionSet', '0PS', false],
      ['PermissionSetAssignment', '0Pa', false],
    ]);
    const refused = await rest(org, accessToken, 'POST', 'sobjects/PermissionSet', { Name: 'Sneaky' });
    expect(refused).toMatchObject({ status: 400, body: [{ errorCode: 'INVALID_TYPE_FOR_OPERATION' }] });
    const [set] = org.records('PermissionSet');
    const read = await rest<Record<string, unknown>>(
      org,
      accessToken,
      'GET',
      `sobjects/PermissionSet/${String(set?.Id)}`,
    );
    expect(read.body).toMatchObject({
      Name: 'Baton_Sales_Rep',
      Label: 'Baton Sales Rep',
      NamespacePrefix: null,
    });
  });

  it('refuses names Salesforce would, and users the org does not have', async () => {
    const { org, rep } = await orgWithPeople();
    expect(() => org.assignPermissionSet(rep, 'Baton Sales Rep')).toThrow(/API name/);
    expect(() => org.assignPermissionSet(rep, 'Baton__Rep')).toThrow(/API name/);
    expect(() => org.assignPermissionSet(rep, 'Rep', 'bad prefix')).toThrow(/namespace prefix/);
    expect(() => org.assignPermissionSet(org.orgId, 'Baton_Sales_Rep')).toThrow(/no User/);
    expect(org.records('PermissionSet')).toEqual([]);
  });
});
