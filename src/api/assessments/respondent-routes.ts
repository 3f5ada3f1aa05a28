import express, { type Response, type Router } from 'express';
import { INSTRUMENTS } from '../../core/assessment/instruments.ts';
import { BatonError, InputInvalidError } from '../../errors.ts';
import { escapeHtml } from '../../server/escape-html.ts';
import { findRespondentLink, submitAnswers } from '../../store/assessments.ts';
import type { Db } from '../../store/database.ts';

export const RESPONDENT_PATH = '/assess';

/**
 * The one page that posts a form: to itself only. Everything else stays as the global policy
 * has it (no script, no frame, nothing from elsewhere).
 */
const RESPONDENT_PAGE_POLICY =
  "default-src 'none'; style-src-attr 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const SECTION_TITLES: Readonly<Record<string, string>> = {
  self: 'About your own function',
  other: 'About the other function',
  development: 'Developing strategy',
  communication: 'Communicating strategy',
  implementation: 'Implementing strategy',
};

/**
 * The respondent's page, public: the link's secret is the only key, and it shows nothing but the
 * instrument's items. `GET` renders the form (no script: radio buttons and one submit), `POST`
 * stores the answers once and says thanks. No one's answers are ever shown here.
 */
export function respondentRouter(deps: { readonly db: Db }): Router {
  const router = express.Router();
  router.use(RESPONDENT_PATH, express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 200 }));

  router.get(`${RESPONDENT_PATH}/:token`, async (req, res) => {
    const link = await findRespondentLink(deps.db, req.params.token ?? '');
    if (!link)
      return page(
        res,
        404,
        'Link not found',
        'This assessment link is not known. Ask whoever sent it for a new one.',
      );
    if (link.round.status !== 'open')
      return page(res, 410, 'Round closed', 'This assessment round has closed; answers are no longer taken.');
    if (link.answered)
      return page(res, 410, 'Already answered', 'This link has been used. Thank you for taking part.');
    page(res, 200, INSTRUMENTS[link.round.instrument].name, '', form(link.round.instrument, link.function));
  });

  router.post(`${RESPONDENT_PATH}/:token`, async (req, res) => {
    const link = await findRespondentLink(deps.db, req.params.token ?? '');
    if (!link) return page(res, 404, 'Link not found', 'This assessment link is not known.');
    try {
      const answers = answersOf(
        link.round.instrument,
        link.function,
        (req.body ?? {}) as Record<string, unknown>,
      );
      await submitAnswers(deps.db, req.params.token ?? '', answers);
    } catch (error) {
      if (!(error instanceof BatonError)) throw error;
      const status = error.status === 409 ? 410 : error.status;
      const detail =
        error instanceof InputInvalidError && error.issues.length > 0
          ? `${error.message}: ${error.issues.map((i) => i.message).join('; ')}`
          : error.message;
      return page(
        res,
        status,
        'Not saved',
        detail,
        status === 400 ? form(link.round.instrument, link.function) : '',
      );
    }
    page(
      res,
      200,
      'Thank you',
      'Your answers are saved, without your name. Results show groups of three or more only.',
    );
  });

  return router;
}

/** The form's fields back into the answers the instrument takes: `<section>.<item>` = 1…max. */
function answersOf(
  instrument: keyof typeof INSTRUMENTS,
  fn: 'sales' | 'marketing' | 'management',
  body: Record<string, unknown>,
): unknown {
  const form = INSTRUMENTS[instrument].forms[fn] ?? {};
  const sections = Object.fromEntries(
    Object.entries(form).map(([name, items]) => [
      name,
      items.map((_, index) => {
        const value = body[`${name}.${index}`];
        return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : null;
      }),
    ]),
  );
  const missing = Object.entries(sections).flatMap(([name, values]) =>
    values.flatMap((v, i) =>
      v === null ? [`${SECTION_TITLES[name] ?? 'Statements'}: statement ${i + 1}`] : [],
    ),
  );
  if (missing.length > 0)
    throw new InputInvalidError(
      'every statement needs an answer',
      missing.map((m) => ({ path: m, message: `${m} has no answer` })),
    );
  return Object.keys(sections).length === 1 && 'items' in sections ? sections.items : sections;
}

function form(instrument: keyof typeof INSTRUMENTS, fn: 'sales' | 'marketing' | 'management'): string {
  const { scale, forms } = INSTRUMENTS[instrument];
  const values = Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i);
  const sections = Object.entries(forms[fn] ?? {}).map(([name, items]) => {
    const title = name === 'items' ? '' : `<h2>${escapeHtml(SECTION_TITLES[name] ?? name)}</h2>`;
    const rows = items
      .map((item, index) => {
        const choices = values
          .map(
            (v) =>
              `<label style="margin-right: 0.75rem"><input type="radio" name="${name}.${index}" value="${v}" required> ${v}</label>`,
          )
          .join('');
        return `<fieldset style="margin-bottom: 1rem"><legend>${index + 1}. ${escapeHtml(item)}</legend>${choices}</fieldset>`;
      })
      .join('\n');
    return `${title}\n${rows}`;
  });
  const ends = `${scale.min} = ${instrument === 'maturity' ? 'strongly disagree' : 'completely disagree'}, ${scale.max} = ${instrument === 'maturity' ? 'strongly agree' : 'completely agree'}`;
  return `<p>Answer for yourself, as things are today (${escapeHtml(ends)}). Your answers are stored without your name, and results show groups of three or more people only.</p>
<form method="post">
${sections.join('\n')}
<p><button type="submit">Send my answers</button></p>
</form>`;
}

function page(res: Response, status: number, title: string, message: string, body = ''): void {
  res
    .status(status)
    .set('cache-control', 'no-store')
    .set('content-security-policy', RESPONDENT_PAGE_POLICY)
    .type('html')
    .send(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · Baton</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 44rem; margin: 3rem auto; line-height: 1.5">
<h1>${escapeHtml(title)}</h1>
${message ? `<p>${escapeHtml(message)}</p>` : ''}
${body}
</body>
</html>
`);
}
