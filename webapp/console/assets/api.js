// Talking to the node: JSON in and out, the API's error messages surfaced as they are.
let csrf = '';

export function setCsrf(token) {
  csrf = token;
}

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = csrf;
  }
  const r = await fetch('../api' + path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    // not JSON: reported below with the status
  }
  if (!r.ok) {
    if (r.status === 401 && path.startsWith('/console')) {
      location.assign('login');
    }
    throw new ApiError(r.status, json?.error ?? 'http_' + r.status, json?.message ?? `${r.status} ${r.statusText}`);
  }
  return json;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body);

/** Polls a transaction until it leaves the pool: {status: 'included'|'rejected', ...}. */
export async function awaitFinal(hash, timeoutMs = 60000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const t = await get('/transactions/' + hash);
    if (t.status !== 'pending') {
      return t;
    }
    await new Promise((ok) => setTimeout(ok, 250));
  }
  throw new Error('the transaction is still pending after ' + timeoutMs / 1000 + ' s');
}
