/// <reference lib="dom" />
import type { ApiError, FieldIssue } from '@pdm/shared';

/** The console talks only to the REST API under this prefix. */
export const API = '/api/v1';

export interface Session {
  token: string;
  role: string;
  username: string;
  expiresAt: number;
}

const SESSION_KEY = 'pdm.session';

export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(SESSION_KEY);
    const session = raw ? (JSON.parse(raw) as Session) : null;
    return session && session.expiresAt > Date.now() ? session : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(SESSION_KEY);
}

/** An error answer from the API, or a network failure (code UNAVAILABLE, status 0). */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }
}

/** Called when the API says the session is no longer valid. */
let onUnauthenticated: () => void = () => {};
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const session = loadSession();
  if (session) headers.authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(API + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new RequestError(0, 'UNAVAILABLE', `the service cannot be reached (${(e as Error).message})`);
  }
  const payload = res.status === 204 ? undefined : await res.json().catch(() => undefined);
  if (res.ok) return payload as T;
  throw toRequestError(res.status, payload, path);
}

function toRequestError(status: number, payload: unknown, path: string): RequestError {
  const error = (payload as Partial<ApiError> | undefined)?.error;
  const issues = issuesOf(error?.details);
  const err = new RequestError(
    status,
    error?.code ?? 'INTERNAL',
    error?.message ?? `the service answered ${status} for ${path}`,
    issues,
  );
  if (status === 401 && !path.startsWith('/auth/')) onUnauthenticated();
  return err;
}

function issuesOf(details: unknown): FieldIssue[] {
  const issues = (details as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.filter((i): i is FieldIssue => typeof i?.path === 'string' && typeof i?.message === 'string');
}

export const get = <T>(path: string) => request<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}) => request<T>('POST', path, body);
export const put = <T>(path: string, body: unknown) => request<T>('PUT', path, body);
export const patch = <T>(path: string, body: unknown) => request<T>('PATCH', path, body);

/** Builds `?a=1&b=2` from the defined, non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** GET that answers null when the resource (or the endpoint) does not exist. */
export async function getOptional<T>(path: string): Promise<T | null> {
  try {
    return await get<T>(path);
  } catch (e) {
    if (e instanceof RequestError && e.status === 404) return null;
    throw e;
  }
}
