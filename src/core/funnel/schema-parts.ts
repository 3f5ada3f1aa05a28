import { z } from 'zod';

/** Strict objects name stray fields, which are usually typos (`isHandOff`, `owner`). */
export const objectOf = (what: string) => ({
  error: (issue: { code: string; keys?: readonly string[] }) => {
    if (issue.code === 'unrecognized_keys') return `unknown field(s) ${(issue.keys ?? []).join(', ')}`;
    return issue.code === 'invalid_type' ? `${what} must be an object` : undefined;
  },
});

export const text = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .min(1, { error: `${what} must not be empty` });

/** Keys are stored in ledger entries and dedupe keys, so they stay plain identifiers. */
export const snakeCaseKey = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .regex(/^[a-z][a-z0-9_]*$/, { error: `${what} must be snake_case, e.g. sales_accepted` });
