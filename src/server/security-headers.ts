import helmet from 'helmet';

/**
 * Helmet's headers on every answer. The only HTML Baton serves is its install pages: text, one
 * link and an inline `style` attribute, so the policy allows exactly that and no script, frame,
 * form or base URL at all; nobody may frame them (clickjacking an install).
 */
export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrcAttr: ["'unsafe-inline'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
