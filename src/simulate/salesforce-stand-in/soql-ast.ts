import type { StringUnit } from './soql-lexer.ts';

/** The parsed form of the SOQL subset the stand-in serves, names as written (the binder resolves them). */
export interface FieldPath {
  /** `Owner.Type` → ['Owner', 'Type'], as written. */
  readonly segments: readonly string[];
  readonly position: number;
}

export type Literal =
  | {
      readonly kind: 'string';
      readonly value: string;
      readonly units: readonly StringUnit[];
      readonly position: number;
    }
  | { readonly kind: 'number'; readonly value: number; readonly integer: boolean; readonly position: number }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly position: number }
  | { readonly kind: 'null'; readonly position: number }
  | { readonly kind: 'date'; readonly value: string; readonly position: number }
  | { readonly kind: 'datetime'; readonly value: number; readonly position: number };

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { readonly kind: 'and' | 'or'; readonly operands: readonly Condition[] }
  | { readonly kind: 'not'; readonly operand: Condition }
  | {
      readonly kind: 'compare';
      readonly field: FieldPath;
      readonly operator: ComparisonOperator;
      readonly value: Literal;
    }
  | {
      readonly kind: 'in';
      readonly field: FieldPath;
      readonly negated: boolean;
      readonly values: readonly Literal[];
    }
  | { readonly kind: 'like'; readonly field: FieldPath; readonly pattern: Literal };

export interface OrderItem {
  readonly field: FieldPath;
  readonly descending: boolean;
  readonly nullsLast: boolean;
}

/** `(SELECT … FROM CampaignMembers …)` in a SELECT list: a child relationship, read per parent record. */
export interface ChildSubquery {
  /** Its `from` names the parent's child relationship, not an object. */
  readonly query: SoqlQuery;
  readonly position: number;
  /** The field paths written before it: where its answer sits among the record's fields. */
  readonly fieldsBefore: number;
}

export interface SoqlQuery {
  /** The whole query text, also for a subquery (positions count from its start). */
  readonly text: string;
  /** `null` for `SELECT COUNT()`. */
  readonly fields: readonly FieldPath[] | null;
  readonly subqueries: readonly ChildSubquery[];
  readonly from: { readonly name: string; readonly position: number };
  readonly where: Condition | null;
  readonly orderBy: readonly OrderItem[];
  readonly limit: number | null;
  readonly offset: number | null;
}
