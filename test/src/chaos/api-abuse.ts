// Abusive API requests and what the cloud must answer: a 4xx code, the offending field named,
// the error envelope, and never a stack trace.
export interface AbuseCase {
  name: string;
  method: string;
  /** `{order}` is replaced by a real work-order id. */
  path: string;
  /** Who calls: an admin token, the gateway key, or nobody. */
  as: 'admin' | 'gateway' | 'public';
  body?: unknown;
  raw?: string;
  contentType?: string;
  status: number;
  /** Text the error must mention (the field). */
  mentions?: string;
}

const MB2 = 'x'.repeat(2 * 1024 * 1024);

export const ABUSE_CASES: readonly AbuseCase[] = [
  {
    name: 'extra field on PATCH (status)',
    method: 'PATCH',
    path: '/work-orders/{order}',
    as: 'admin',
    body: { title: 'ok', status: 'closed' },
    status: 400,
    mentions: 'status',
  },
  {
    name: 'extra field on login (role)',
    method: 'POST',
    path: '/auth/login',
    as: 'public',
    body: { username: 'admin', password: 'nope-nope', role: 'admin' },
    status: 400,
    mentions: 'role',
  },
  {
    name: 'extra field on transition',
    method: 'POST',
    path: '/work-orders/{order}/transitions',
    as: 'admin',
    body: { to: 'approved', assigneeId: 'x' },
    status: 400,
    mentions: 'assigneeId',
  },
  {
    name: 'wrong type on PATCH priority',
    method: 'PATCH',
    path: '/work-orders/{order}',
    as: 'admin',
    body: { priority: 'high' },
    status: 400,
    mentions: 'priority',
  },
  {
    name: 'priority out of range',
    method: 'PATCH',
    path: '/work-orders/{order}',
    as: 'admin',
    body: { priority: 99 },
    status: 400,
    mentions: 'priority',
  },
  { name: '2 MB body', method: 'POST', path: '/alerts', as: 'gateway', raw: `{"pad":"${MB2}"}`, status: 413 },
  {
    name: '2 MB body, unauthenticated',
    method: 'POST',
    path: '/auth/login',
    as: 'public',
    raw: `{"username":"${MB2}"}`,
    status: 413,
  },
  {
    name: 'text/plain body',
    method: 'POST',
    path: '/auth/login',
    as: 'public',
    raw: 'username=admin',
    contentType: 'text/plain',
    status: 415,
  },
  {
    name: 'form body',
    method: 'PATCH',
    path: '/work-orders/{order}',
    as: 'admin',
    raw: 'title=x',
    contentType: 'application/x-www-form-urlencoded',
    status: 415,
  },
  {
    name: 'invalid JSON',
    method: 'POST',
    path: '/auth/login',
    as: 'public',
    raw: '{"username":',
    contentType: 'application/json',
    status: 400,
  },
  {
    name: '__proto__ in body',
    method: 'POST',
    path: '/auth/login',
    as: 'public',
    raw: '{"username":"admin","password":"x","__proto__":{"role":"admin"}}',
    contentType: 'application/json',
    status: 400,
  },
  {
    name: 'constructor.prototype in body',
    method: 'PATCH',
    path: '/work-orders/{order}',
    as: 'admin',
    raw: '{"constructor":{"prototype":{"admin":true}}}',
    contentType: 'application/json',
    status: 400,
  },
  {
    name: '__proto__ in alert evidence',
    method: 'POST',
    path: '/alerts',
    as: 'gateway',
    raw: '{"__proto__":{"x":1}}',
    contentType: 'application/json',
    status: 400,
  },
  {
    name: 'limit 1e6',
    method: 'GET',
    path: '/work-orders?limit=1000000',
    as: 'admin',
    status: 400,
    mentions: 'limit',
  },
  {
    name: 'limit -1',
    method: 'GET',
    path: '/work-orders?limit=-1',
    as: 'admin',
    status: 400,
    mentions: 'limit',
  },
  {
    name: 'limit abc',
    method: 'GET',
    path: '/work-orders?limit=abc',
    as: 'admin',
    status: 400,
    mentions: 'limit',
  },
  {
    name: 'garbage cursor',
    method: 'GET',
    path: '/work-orders?cursor=%00%ff!!',
    as: 'admin',
    status: 400,
    mentions: 'cursor',
  },
  {
    name: 'unknown status filter',
    method: 'GET',
    path: '/work-orders?status=exploded',
    as: 'admin',
    status: 400,
    mentions: 'status',
  },
  {
    name: 'alert with NaN-ish score',
    method: 'POST',
    path: '/alerts',
    as: 'gateway',
    raw: '{"id":"01ARZ3NDEKTSV4RRFFQ69G5FAV","score":1e400}',
    contentType: 'application/json',
    status: 400,
  },
  { name: 'bad id in path', method: 'GET', path: '/work-orders/..%2F..%2Fetc', as: 'admin', status: 400 },
  {
    name: 'array as body',
    method: 'PATCH',
    path: '/work-orders/{order}',
    as: 'admin',
    body: [1, 2, 3],
    status: 400,
  },
  {
    name: 'empty JSON body',
    method: 'POST',
    path: '/auth/login',
    as: 'public',
    raw: '',
    contentType: 'application/json',
    status: 400,
  },
];

/** Signs that internals leaked into an answer. */
export function leaksInternals(text: string): boolean {
  return /\bat .+\.(ts|js):\d+|node_modules|SqliteError|SQLITE_|ZodError|\/work\//.test(text);
}
