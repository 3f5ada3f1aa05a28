import { type Criterion, groupMembers, isPropertyCriterion } from './criteria.ts';
import type { QualificationDefinition } from './definition.ts';

/** Every CRM property a definition reads, so an adapter can fetch exactly those and no more. */
export function propertiesOfDefinition(definition: QualificationDefinition): string[] {
  const found = new Set<string>();
  const visit = (criterion: Criterion): void => {
    if (isPropertyCriterion(criterion)) found.add(criterion.property);
    else for (const member of groupMembers(criterion)) visit(member);
  };
  if (definition.rules) visit(definition.rules);
  for (const disqualifier of definition.disqualifiers) visit(disqualifier);
  for (const rule of [...definition.scoring.fit, ...definition.scoring.engagement]) {
    visit(rule.criterion);
    if (rule.dateProperty) found.add(rule.dateProperty);
  }
  return [...found].sort();
}
