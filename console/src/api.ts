export interface Problem {
  readonly path: string;
  readonly message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problems: readonly Problem[];

  constructor(status: number, code: string, message: string, problems: readonly Problem[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.problems = problems;
  }
}

export const API = '/api/console';

let csrfToken = '';
let unauthorized: () => void = () => {};

/** The token arrives with the session; every state-changing request echoes it back. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export function onUnauthorized(handler: () => void): void {
  unauthorized = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function problemsOf(value: unknown): Problem[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((p) =>
    isRecord(p) && typeof p.message === 'string'
      ? [{ path: typeof p.path === 'string' ? p.path : '', message: p.message }]
      : [],
  );
}

async function errorOf(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const code = typeof error.code === 'string' ? error.code : `http_${response.status}`;
  const message =
    typeof error.message === 'string'
      ? error.message
      : `Baton answered ${response.status} ${response.statusText}`;
  // The server's error handler has called the list `issues`; both names are read.
  return new ApiError(response.status, code, message, problemsOf(error.problems ?? error.issues));
}

export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const changes = method !== 'GET';
  if (changes) {
    headers['content-type'] = 'application/json';
    headers['x-baton-csrf'] = csrfToken;
  }
  let response: Response;
  try {
    response = await fetch(`${API}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(changes ? { body: JSON.stringify(body ?? {}) } : {}),
    });
  } catch {
    throw new ApiError(0, 'network', 'Baton could not be reached. Check your connection, then try again.');
  }
  if (!response.ok) {
    const error = await errorOf(response);
    if (response.status === 401 && path !== '/session') unauthorized();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const get = <T>(path: string) => request<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => request<T>('POST', path, body);
export const put = <T>(path: string, body?: unknown) => request<T>('PUT', path, body);
export const patch = <T>(path: string, body?: unknown) => request<T>('PATCH', path, body);

export function query(params: Readonly<Record<string, string | undefined>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

export const segment = encodeURIComponent;
