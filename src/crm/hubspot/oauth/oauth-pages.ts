import type { Response } from 'express';
import { escapeHtml } from '../../../server/escape-html.ts';

/** What a person sees at the end of an install step; never tokens or secrets. */
export interface OAuthPage {
  readonly status: number;
  /** Stable machine-readable outcome, e.g. `installed` or `state_expired`. */
  readonly code: string;
  readonly title: string;
  readonly message: string;
  readonly link?: { readonly href: string; readonly text: string };
}

/**
 * Install steps are browser navigations, so they answer HTML; a client that asks for JSON gets
 * the same outcome as `{ status, message }` or `{ error: { code, message } }`.
 */
export function sendOAuthPage(res: Response, page: OAuthPage): void {
  res.status(page.status).set('cache-control', 'no-store');
  res.format({
    'text/html': () => {
      res.send(renderPage(page));
    },
    'application/json': () => {
      res.json(
        page.status < 400
          ? { status: page.code, message: page.message }
          : { error: { code: page.code, message: page.message } },
      );
    },
    default: () => {
      res.type('html').send(renderPage(page));
    },
  });
}

function renderPage(page: OAuthPage): string {
  const link = page.link
    ? `\n<p><a href="${escapeHtml(page.link.href)}">${escapeHtml(page.link.text)}</a></p>`
    : '';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(page.title)} · Baton</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; line-height: 1.5">
<h1>${escapeHtml(page.title)}</h1>
<p>${escapeHtml(page.message)}</p>${link}
</body>
</html>
`;
}
