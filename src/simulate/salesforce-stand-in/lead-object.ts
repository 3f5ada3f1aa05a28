import { defineField as field } from './field-definition.ts';
import { auditFields, OWNER, type StandardObject, system } from './standard-fields.ts';

/** Lead's standard fields (the subset Baton and the stand-in use); the package's custom fields are added per org. */
export const LEAD: StandardObject = {
  name: 'Lead',
  label: 'Lead',
  labelPlural: 'Leads',
  writable: true,
  fields: [
    field('Id', 'id', system),
    // Set on a Lead deleted by a merge: the Lead it was merged into (seen through queryAll).
    field('MasterRecordId', 'reference', {
      ...system,
      referenceTo: ['Lead'],
      relationshipName: 'MasterRecord',
      label: 'Master Record ID',
    }),
    field('LastName', 'string', { length: 80, nillable: false }),
    field('FirstName', 'string', { length: 40 }),
    field('Salutation', 'picklist', { picklistValues: ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.', 'Mx.'] }),
    field('Name', 'string', { ...system, length: 121, label: 'Full Name', nameField: true }),
    field('Title', 'string', { length: 128 }),
    field('Company', 'string', { nillable: false }),
    field('Street', 'textarea'),
    field('City', 'string', { length: 40 }),
    field('State', 'string', { length: 80, label: 'State/Province' }),
    field('PostalCode', 'string', { length: 20, label: 'Zip/Postal Code' }),
    field('Country', 'string', { length: 80 }),
    field('Phone', 'phone'),
    field('MobilePhone', 'phone'),
    field('Email', 'email'),
    field('Website', 'url'),
    field('Description', 'textarea', { length: 32_000 }),
    field('LeadSource', 'picklist', {
      picklistValues: ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'],
    }),
    // Its values are the org's LeadStatus records.
    field('Status', 'picklist', {
      label: 'Lead Status',
      nillable: false,
      defaultedOnCreate: true,
      restrictedPicklist: true,
    }),
    field('Industry', 'picklist', {
      picklistValues: [
        'Banking',
        'Consulting',
        'Education',
        'Healthcare',
        'Manufacturing',
        'Retail',
        'Technology',
      ],
    }),
    field('Rating', 'picklist', { picklistValues: ['Hot', 'Warm', 'Cold'] }),
    field('AnnualRevenue', 'currency'),
    field('NumberOfEmployees', 'int', { label: 'Employees' }),
    OWNER,
    field('IsConverted', 'boolean', { ...system, label: 'Converted' }),
    field('ConvertedDate', 'date', system),
    field('ConvertedAccountId', 'reference', {
      ...system,
      referenceTo: ['Account'],
      relationshipName: 'ConvertedAccount',
    }),
    field('ConvertedContactId', 'reference', {
      ...system,
      referenceTo: ['Contact'],
      relationshipName: 'ConvertedContact',
    }),
    field('ConvertedOpportunityId', 'reference', {
      ...system,
      referenceTo: ['Opportunity'],
      relationshipName: 'ConvertedOpportunity',
    }),
    field('IsUnreadByOwner', 'boolean', { label: 'Unread By Owner' }),
    ...auditFields(),
    field('LastActivityDate', 'date', system),
  ],
};
