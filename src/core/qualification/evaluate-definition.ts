import type { PropertyBag, RecordSnapshot } from '../record.ts';
import type { Instant } from '../time.ts';
import { type CompiledDefinition, compileDefinition } from './compile-definition.ts';
import type { QualificationDefinition } from './definition.ts';
import type { QualificationResult } from './qualification-result.ts';

// Definitions are immutable values, so a compiled form stays valid for as long as the object lives.
const compiled = new WeakMap<QualificationDefinition, CompiledDefinition>();

function compiledFor(definition: QualificationDefinition): CompiledDefinition {
  let found = compiled.get(definition);
  if (found === undefined) {
    found = compileDefinition(definition);
    compiled.set(definition, found);
  }
  return found;
}

function isSnapshot(input: RecordSnapshot | PropertyBag): input is RecordSnapshot {
  const { properties } = input;
  return typeof properties === 'object' && properties !== null;
}

/**
 * Qualifies one record against one definition version at `now`. It has no side effects and ignores
 * the definition's status, so the same call is the dry run: a draft tested against a real record
 * gives exactly the result it will give once active.
 */
export function evaluateDefinition(
  definition: QualificationDefinition,
  record: RecordSnapshot | PropertyBag,
  now: Instant,
): QualificationResult {
  const properties = isSnapshot(record) ? record.properties : record;
  return compiledFor(definition).evaluate(properties, now);
}
