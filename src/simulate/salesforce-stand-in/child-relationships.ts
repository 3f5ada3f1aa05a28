/**
 * A parent-to-child relationship: the name a subquery's FROM uses on the parent (`CampaignMembers`
 * on Lead), and the child object's reference field that points at the parent.
 */
export interface ChildRelationship {
  readonly parent: string;
  readonly name: string;
  readonly childObject: string;
  readonly field: string;
  /** The org deletes the children with their parent (describe's `cascadeDelete`). */
  readonly cascadeDelete: boolean;
}

// The relationships the stand-in serves, named as Salesforce names them. A reference not listed
// here is still described, without a relationship name, and cannot be queried as a subquery.
const CHILD_RELATIONSHIPS: readonly ChildRelationship[] = [
  {
    parent: 'Lead',
    name: 'CampaignMembers',
    childObject: 'CampaignMember',
    field: 'LeadId',
    cascadeDelete: true,
  },
  { parent: 'Lead', name: 'Tasks', childObject: 'Task', field: 'WhoId', cascadeDelete: true },
  {
    parent: 'Contact',
    name: 'CampaignMembers',
    childObject: 'CampaignMember',
    field: 'ContactId',
    cascadeDelete: true,
  },
  { parent: 'Contact', name: 'Tasks', childObject: 'Task', field: 'WhoId', cascadeDelete: true },
  {
    parent: 'Campaign',
    name: 'CampaignMembers',
    childObject: 'CampaignMember',
    field: 'CampaignId',
    cascadeDelete: true,
  },
  {
    parent: 'User',
    name: 'PermissionSetAssignments',
    childObject: 'PermissionSetAssignment',
    field: 'AssigneeId',
    cascadeDelete: true,
  },
  {
    parent: 'PermissionSet',
    name: 'Assignments',
    childObject: 'PermissionSetAssignment',
    field: 'PermissionSetId',
    cascadeDelete: true,
  },
  { parent: 'Account', name: 'Contacts', childObject: 'Contact', field: 'AccountId', cascadeDelete: true },
  {
    parent: 'Account',
    name: 'Opportunities',
    childObject: 'Opportunity',
    field: 'AccountId',
    cascadeDelete: true,
  },
];

/** The relationship a subquery names on `parent`, case-insensitive as SOQL reads it. */
export function childRelationship(parent: string, name: string): ChildRelationship | undefined {
  const wanted = name.toLowerCase();
  return CHILD_RELATIONSHIPS.find(
    (relationship) => relationship.parent === parent && relationship.name.toLowerCase() === wanted,
  );
}

/** The named relationship through `field` of `childObject` to `parent`, if the stand-in serves one. */
export function relationshipThrough(
  parent: string,
  childObject: string,
  field: string,
): ChildRelationship | undefined {
  return CHILD_RELATIONSHIPS.find(
    (relationship) =>
      relationship.parent === parent &&
      relationship.childObject === childObject &&
      relationship.field === field,
  );
}

/** Every relationship the stand-in serves from `parent` to its children. */
export function childRelationshipsOf(parent: string): ChildRelationship[] {
  return CHILD_RELATIONSHIPS.filter((relationship) => relationship.parent === parent);
}
