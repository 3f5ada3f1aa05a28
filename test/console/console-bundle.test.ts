import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const DIST = fileURLToPath(new URL('../../console/dist/', import.meta.url));
const LIMIT_BYTES = 250 * 1024;

/**
 * The JavaScript the browser loads for `/` before any route is chosen: the entry script of
 * index.html and every module it imports statically (lazy pages are left out, as the browser
 * fetches them only when visited), plus the Overview page, which `/` shows.
 */
function firstLoadScripts(): string[] {
  const html = readFileSync(`${DIST}index.html`, 'utf8');
  const entries = [...html.matchAll(/<script[^>]+src="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] ?? '');
  const overview = readdirAssets().filter((f) => /^assets\/Overview-.+\.js$/.test(f));
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(`${DIST}${file}`, 'utf8');
    for (const m of code.matchAll(/(?:^|[;\s}])import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g)) {
      visit(`assets/${m[1]}`);
    }
  };
  for (const file of [...entries, ...overview]) visit(file);
  return [...seen];
}

function readdirAssets(): string[] {
  return readdirSync(`${DIST}assets`).map((f) => `assets/${f}`);
}

describe('the console build', () => {
  it('exists after npm install, with no inline script or style in its page', () => {
    expect(existsSync(`${DIST}index.html`), 'run npm run build:console').toBe(true);
    const html = readFileSync(`${DIST}index.html`, 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|style="/);
  });

  it(`loads at most ${LIMIT_BYTES / 1024} KB of gzipped JavaScript for the overview`, () => {
    const files = firstLoadScripts();
    expect(files.length).toBeGreaterThan(1);
    const sizes = files.map((file) => gzipSync(readFileSync(`${DIST}${file}`)).length);
    const total = sizes.reduce((a, b) => a + b, 0);
    console.info(`console first load: ${files.length} scripts, ${(total / 1024).toFixed(1)} KB gzipped`);
    expect(total).toBeLessThanOrEqual(LIMIT_BYTES);
  });
});
