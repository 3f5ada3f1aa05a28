import { defineField as field } from './field-definition.ts';
import { LEAD } from './lead-object.ts';
import { auditFields, OWNER, type StandardObject, system, user } from './standard-fields.ts';

export type { StandardObject };

const USER: StandardObject = {
  name: 'User',
  label: 'User',
  labelPlural: 'Users',
  writable: false,
  fields: [
    field('Id', 'id', system),
    field('Username', 'string', { ...system, length: 80 }),
    field('LastName', 'string', { ...system, length: 80 }),
    field('FirstName', 'string', { ...system, length: 40 }),
    field('Name', 'string', { ...system, length: 121, label: 'Full Name', nameField: true }),
    field('Title', 'string', { ...system, length: 80 }),
    field('Department', 'string', { ...system, length: 80 }),
    field('Email', 'email', { ...system, length: 128 }),
    field('Alias', 'string', { ...system, length: 8 }),
    field('IsActive', 'boolean', { ...system, label: 'Active' }),
    field('UserType', 'picklist', { ...system, picklistValues: ['Standard'] }),
    field('ManagerId', 'reference', { ...user, relationshipName: 'Manager' }),
    ...auditFields().filter((audit) => audit.name !== 'IsDeleted'),
  ],
};

const GROUP: StandardObject = {
  name: 'Group',
  label: 'Group',
  labelPlural: 'Groups',
  writable: false,
  fields: [
    field('Id', 'id', system),
    field('Name', 'string', { ...system, length: 40, nameField: true }),
    field('DeveloperName', 'string', { ...system, length: 80 }),
    field('Type', 'picklist', { ...system, picklistValues: ['Queue', 'Regular'] }),
    field('Email', 'email', { ...system }),
    field('DoesSendEmailToMembers', 'boolean', system),
    ...auditFields().filter((audit) => audit.name !== 'IsDeleted'),
  ],
};

/** What a polymorphic relationship (`Owner`, `Who`) reaches: a User or a Queue, seen through `Name`. */
export const NAME_OBJECT: StandardObject = {
  name: 'Name',
  label: 'Name',
  labelPlural: 'Names',
  writable: false,
  fields: [
    field('Id', 'id', system),
    field('Name', 'string', { ...system, nameField: true }),
    field('Type', 'picklist', { ...system, picklistValues: ['User', 'Queue', 'Lead', 'Contact'] }),
    field('FirstName', 'string', system),
    field('LastName', 'string', system),
    field('Alias', 'string', system),
    field('Email', 'email', system),
    field('Title', 'string', system),
    field('Username', 'string', system),
    field('IsActive', 'boolean', system),
    field('UserRoleId', 'string', system),
  ],
};

const PERMISSION_SET: StandardObject = {
  name: 'PermissionSet',
  label: 'Permission Set',
  labelPlural: 'Permission Sets',
  writable: false,
  fields: [
    field('Id', 'id', system),
    field('Name', 'string', { ...system, length: 80, nameField: true }),
    field('Label', 'string', { ...system, length: 80 }),
    field('NamespacePrefix', 'string', { ...system, length: 15, nillable: true }),
    ...auditFields().filter((audit) => audit.name !== 'IsDeleted'),
  ],
};

const PERMISSION_SET_ASSIGNMENT: StandardObject = {
  name: 'PermissionSetAssignment',
  label: 'Permission Set Assignment',
  labelPlural: 'Permission Set Assignments',
  writable: false,
  fields: [
    field('Id', 'id', system),
    field('AssigneeId', 'reference', { ...user, relationshipName: 'Assignee' }),
    field('PermissionSetId', 'reference', {
      ...system,
      referenceTo: ['PermissionSet'],
      relationshipName: 'PermissionSet',
    }),
    field('SystemModstamp', 'datetime', { ...system, defaultedOnCreate: true }),
  ],
};

const CAMPAIGN: StandardObject = {
  name: 'Campaign',
  label: 'Campaign',
  labelPlural: 'Campaigns',
  writable: false,
  fields: [
    field('Id', 'id', system),
    field('Name', 'string', { ...system, length: 80, nameField: true }),
    field('Type', 'picklist', {
      ...system,
      picklistValues: ['Conference', 'Webinar', 'Trade Show', 'Email', 'Advertisement', 'Partners', 'Other'],
    }),
    field('Status', 'picklist', {
      ...system,
      picklistValues: ['Planned', 'In Progress', 'Completed', 'Aborted'],
    }),
    field('IsActive', 'boolean', { ...system, label: 'Active' }),
    field('StartDate', 'date', system),
    field('EndDate', 'date', system),
    { ...OWNER, access: 'system', referenceTo: ['User'] },
    ...auditFields(),
  ],
};

const CAMPAIGN_MEMBER: StandardObject = {
  name: 'CampaignMember',
  label: 'Campaign Member',
  labelPlural: 'Campaign Members',
  writable: false,
  fields: [
    field('Id', 'id', system),
    field('CampaignId', 'reference', { ...system, referenceTo: ['Campaign'], relationshipName: 'Campaign' }),
    field('LeadId', 'reference', { ...system, referenceTo: ['Lead'], relationshipName: 'Lead' }),
    field('ContactId', 'reference', { ...system, referenceTo: ['Contact'], relationshipName: 'Contact' }),
    field('Status', 'picklist', { ...system, picklistValues: ['Sent', 'Responded'] }),
    field('HasResponded', 'boolean', { ...system, label: 'Responded' }),
    field('FirstRespondedDate', 'date', system),
    ...auditFields(),
  ],
};

const LEAD_STATUS: StandardObject = {
  name: 'LeadStatus',
  label: 'Lead Status Value',
  labelPlural: 'Lead Status Values',
  writable: false,
  fields: [
    field('Id', 'id', system),
    field('MasterLabel', 'string', { ...system, nameField: true }),
    field('ApiName', 'string', system),
    field('SortOrder', 'int', system),
    field('IsDefault', 'boolean', system),
    field('IsConverted', 'boolean', system),
    ...auditFields().filter((audit) => audit.name !== 'IsDeleted'),
  ],
};

const TASK: StandardObject = {
  name: 'Task',
  label: 'Task',
  labelPlural: 'Tasks',
  writable: true,
  fields: [
    field('Id', 'id', system),
    field('Subject', 'string'),
    field('WhoId', 'reference', {
      referenceTo: ['Contact', 'Lead'],
      relationshipName: 'Who',
      label: 'Name ID',
    }),
    field('WhatId', 'reference', {
      referenceTo: ['Account', 'Campaign', 'Opportunity'],
      relationshipName: 'What',
      label: 'Related To ID',
    }),
    OWNER,
    field('ActivityDate', 'date', { label: 'Due Date Only' }),
    field('Status', 'picklist', {
      nillable: false,
      restrictedPicklist: true,
      defaultValue: 'Not Started',
      picklistValues: ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'],
    }),
    field('Priority', 'picklist', {
      nillable: false,
      restrictedPicklist: true,
      defaultValue: 'Normal',
      picklistValues: ['High', 'Normal', 'Low'],
    }),
    field('IsClosed', 'boolean', { ...system, label: 'Closed' }),
    field('IsHighPriority', 'boolean', { ...system, label: 'High Priority' }),
    field('Description', 'textarea', { length: 32_000, label: 'Comments' }),
    field('Type', 'picklist', { picklistValues: ['Call', 'Email', 'Meeting', 'Other'] }),
    field('TaskSubtype', 'picklist', { access: 'create', picklistValues: ['Task', 'Email', 'Call'] }),
    ...auditFields(),
  ],
};

const ACCOUNT: StandardObject = {
  name: 'Account',
  label: 'Account',
  labelPlural: 'Accounts',
  writable: false,
  fields: [
    field('Id', 'id', system),
    field('Name', 'string', { ...system, nameField: true }),
    { ...OWNER, access: 'system', referenceTo: ['User'] },
    ...auditFields(),
  ],
};

const CONTACT: StandardObject = {
  name: 'Contact',
  label: 'Contact',
  labelPlural: 'Contacts',
  writable: false,
  fields: [
    field('Id', 'id', system),
    field('FirstName', 'string', { ...system, length: 40 }),
    field('LastName', 'string', { ...system, length: 80 }),
    field('Name', 'string', { ...system, length: 121, nameField: true }),
    field('Email', 'email', system),
    field('AccountId', 'reference', { ...system, referenceTo: ['Account'], relationshipName: 'Account' }),
    field('LeadSource', 'picklist', system),
    { ...OWNER, access: 'system', referenceTo: ['User'] },
    ...auditFields(),
  ],
};

const OPPORTUNITY: StandardObject = {
  name: 'Opportunity',
  label: 'Opportunity',
  labelPlural: 'Opportunities',
  writable: false,
  fields: [
    field('Id', 'id', system),
    field('Name', 'string', { ...system, length: 120, nameField: true }),
    field('AccountId', 'reference', { ...system, referenceTo: ['Account'], relationshipName: 'Account' }),
    field('StageName', 'picklist', {
      ...system,
      picklistValues: ['Prospecting', 'Closed Won', 'Closed Lost'],
    }),
    field('CloseDate', 'date', system),
    field('Amount', 'currency', system),
    field('CampaignId', 'reference', { ...system, referenceTo: ['Campaign'], relationshipName: 'Campaign' }),
    field('LeadSource', 'picklist', system),
    field('IsClosed', 'boolean', system),
    field('IsWon', 'boolean', system),
    { ...OWNER, access: 'system', referenceTo: ['User'] },
    ...auditFields(),
  ],
};

export const STANDARD_OBJECTS: readonly StandardObject[] = [
  LEAD,
  USER,
  GROUP,
  PERMISSION_SET,
  PERMISSION_SET_ASSIGNMENT,
  CAMPAIGN,
  CAMPAIGN_MEMBER,
  LEAD_STATUS,
  TASK,
  ACCOUNT,
  CONTACT,
  OPPORTUNITY,
];
