/**
 * A browser as the console's API sees one: a cookie jar (path-scoped, as browsers keep them),
 * redirects followed by hand so every hop's cookies are kept, and the session's CSRF token sent
 * on every change, as the console's own fetch wrapper does.
 */
export class ConsoleBrowser {
  private readonly jar = new Map<string, { hostname: string; path: string; value: string }>();
  csrfToken: string | null = null;

  readonly batonUrl: string;

  constructor(batonUrl: string) {
    this.batonUrl = batonUrl;
  }

  /** Follows redirects from `url` and answers the last response and every URL visited. */
  async visit(url: string): Promise<{ response: Response; visited: URL[] }> {
    const visited: URL[] = [];
    let next = new URL(url, this.batonUrl);
    for (let hop = 0; hop < 8; hop++) {
      visited.push(next);
      const response = await this.request(next, { redirect: 'manual' });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null) return { response, visited };
      await response.body?.cancel();
      next = new URL(location, next);
    }
    throw new Error(`${url} redirected too often`);
  }

  /** A console API call; the CSRF token of the last `/session` answer goes with every change. */
  async api(
    path: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string>; csrf?: boolean } = {},
    // biome-ignore lint/suspicious/noExplicitAny: each test asserts the answer field by field, as JSON.
  ): Promise<{ status: number; body: any; response: Response }> {
    const method = init.method ?? 'GET';
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && init.csrf !== false && this.csrfToken) headers['x-baton-csrf'] = this.csrfToken;
    const response = await this.request(new URL(`/api/console${path}`, this.batonUrl), {
      method,
      headers,
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    const body = type.includes('json') && text ? JSON.parse(text) : text;
    if (path === '/session' && response.status === 200) this.csrfToken = body.csrfToken;
    return { status: response.status, body, response };
  }

  cookie(name: string): string | undefined {
    return this.jar.get(name)?.value;
  }

  setCookie(name: string, value: string): void {
    this.jar.set(name, { hostname: new URL(this.batonUrl).hostname, path: '/', value });
  }

  private async request(url: URL, init: RequestInit): Promise<Response> {
    const cookie = [...this.jar.entries()]
      .filter(([, c]) => c.hostname === url.hostname && url.pathname.startsWith(c.path))
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
    const headers = new Headers(init.headers);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      const path = attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      const expired = attributes.some((a) => /^expires=thu, 01 jan 1970/i.test(a)) || value === '';
      if (expired) this.jar.delete(name);
      else this.jar.set(name, { hostname: url.hostname, path, value });
    }
    return response;
  }
}
