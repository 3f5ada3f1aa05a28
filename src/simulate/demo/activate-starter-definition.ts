import type { QualificationDefinition } from '../../core/qualification/definition.ts';
import {
  activateDefinition,
  approveDefinition,
  proposeDefinition,
} from '../../core/qualification/lifecycle.ts';
import { unwrap } from '../../core/validation.ts';
import { STARTER_DEFINITION_KEY } from '../../crm/hubspot/oauth/starter-definition.ts';
import type { Db } from '../../store/database.ts';
import {
  loadQualificationDefinitions,
  saveQualificationDefinition,
} from '../../store/qualification-definitions.ts';

export interface LifecycleStep {
  readonly action: 'proposed' | 'approved by marketing' | 'approved by sales' | 'activated';
  readonly by: string;
  /** The version's status after the step: marketing's approval alone leaves it proposed. */
  readonly status: QualificationDefinition['status'];
}

export interface Approvers {
  readonly marketing: string;
  readonly sales: string;
}

/**
 * Takes the install's draft starter definition through the agreed lifecycle, saving every step
 * (each with its audit row) as the console would: marketing proposes, marketing and sales approve,
 * then it is activated. Until then the worker produces no verdicts.
 */
export async function activateStarterDefinition(
  db: Db,
  tenantId: string,
  approvers: Approvers,
  now: Date,
): Promise<{ readonly definition: QualificationDefinition; readonly steps: readonly LifecycleStep[] }> {
  const [draft] = await loadQualificationDefinitions(db, tenantId, {
    key: STARTER_DEFINITION_KEY,
    status: 'draft',
  });
  if (!draft) throw new Error(`the install left no draft "${STARTER_DEFINITION_KEY}" definition`);
  const at = now.getTime();
  const subject = `${draft.key}@${draft.version}`;
  const steps: LifecycleStep[] = [];
  const save = async (definition: QualificationDefinition, action: LifecycleStep['action'], by: string) => {
    await saveQualificationDefinition(db, tenantId, definition, { actor: by, now });
    steps.push({ action, by, status: definition.status });
    return definition;
  };

  const { marketing, sales } = approvers;
  const proposed = await save(
    unwrap(subject, proposeDefinition(draft, marketing, at)),
    'proposed',
    marketing,
  );
  const halfApproved = await save(
    unwrap(subject, approveDefinition(proposed, 'marketing', marketing, at)),
    'approved by marketing',
    marketing,
  );
  const approved = await save(
    unwrap(subject, approveDefinition(halfApproved, 'sales', sales, at)),
    'approved by sales',
    sales,
  );
  const { active } = unwrap(subject, activateDefinition(approved, at));
  const definition = await save(active, 'activated', sales);
  return { definition, steps };
}
