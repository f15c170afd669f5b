// The API client every page uses: JSON in and out, RFC 9457 problems as ApiError, and (for the
// restaurant's app) the session of decision 32: the access token only in this module's memory, the
// refresh token only in an HttpOnly cookie the browser sends to the refresh route.

/** A problem the server answered (status >= 400), or status 0 when the network failed. */
export class ApiError extends Error {
  constructor(status, problem = {}) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code || (status === 0 ? 'network' : 'http_' + status);
    this.detail = problem.detail || '';
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
    this.requestId = problem.request_id || null;
    this.retryAfter = problem.retryAfter || null;
  }

  /** A conflict with someone else's change: the caller should reread and show what is true now. */
  get isConflict() {
    return this.code === 'version_conflict' || this.code === 'invalid_transition';
  }
}

const SESSION_HEADER = { 'X-OrderSync-Session': 'cookie' };

/** A random UUID for Idempotency-Key values. */
export function newKey() {
  return crypto.randomUUID();
}

/** 32 random bytes as hex, for Idempotency-Secret values. */
export function newSecret() {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * One API client. `session: true` is the restaurant's app: it logs in with the cookie session and
 * renews its access token through the cookie when the server says it expired. Without it (the
 * guest's pages) each call passes its own `token` (an order token) if it needs one.
 */
export class Api {
  constructor({ base = '/api/v1', session = false, fetchImpl } = {}) {
    this.base = base;
    this.session = session;
    this.fetch = fetchImpl || ((...a) => fetch(...a));
    this.accessToken = null;
    this.expiresAt = 0;
    this.onSignedOut = null;
    this.renewing = null;
  }

  /** The current access token, renewed first when it is about to expire (for the live socket). */
  async token() {
    if (!this.accessToken || Date.now() > this.expiresAt - 30_000) {
      await this.renew();
    }
    return this.accessToken;
  }

  get signedIn() {
    return this.accessToken !== null;
  }

  async request(method, path, { body, token, ifMatch, idempotencyKey, idempotencySecret, headers = {}, retry = true } = {}) {
    const h = { Accept: 'application/json', ...headers };
    if (body !== undefined) h['Content-Type'] = 'application/json';
    const bearer = token || this.accessToken;
    if (bearer) h.Authorization = 'Bearer ' + bearer;
    if (ifMatch !== undefined && ifMatch !== null) h['If-Match'] = `"${ifMatch}"`;
    if (idempotencyKey) h['Idempotency-Key'] = idempotencyKey;
    if (idempotencySecret) h['Idempotency-Secret'] = idempotencySecret;
    let res;
    try {
      res = await this.fetch(this.base + path, {
        method,
        headers: h,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch (e) {
      throw new ApiError(0, { detail: String(e && e.message ? e.message : e) });
    }
    if (res.status === 401 && this.session && !token && retry && this.accessToken !== null) {
      // The access token expired (or the server restarted with a new key): renew once, then retry.
      await this.renew();
      return this.request(method, path, { body, ifMatch, idempotencyKey, idempotencySecret, headers, retry: false });
    }
    return read(res);
  }

  get(path, opts) { return this.request('GET', path, opts); }
  post(path, body = {}, opts = {}) { return this.request('POST', path, { ...opts, body }); }
  patch(path, body = {}, opts = {}) { return this.request('PATCH', path, { ...opts, body }); }
  put(path, body = {}, opts = {}) { return this.request('PUT', path, { ...opts, body }); }
  del(path, opts) { return this.request('DELETE', path, opts); }

  /** Password step: `{signedIn: true}` or `{mfaToken}` when a second factor is needed. */
  async login(email, password, restaurantId) {
    const body = { email, password };
    if (restaurantId) body.restaurant_id = restaurantId;
    const r = await this.request('POST', '/auth/login', { body, headers: SESSION_HEADER, retry: false });
    if (r.mfa_required) return { mfaToken: r.mfa_token };
    this.keep(r);
    return { signedIn: true };
  }

  async loginWithCode(mfaToken, code) {
    const r = await this.request('POST', '/auth/login/mfa', { body: { mfa_token: mfaToken, code }, headers: SESSION_HEADER, retry: false });
    this.keep(r);
  }

  /** Renews the access token through the refresh cookie; false when there is no session to renew. */
  async resume() {
    // The readable marker the server sets beside the HttpOnly refresh cookie (no secret in it).
    if (!document.cookie.split(';').some((c) => c.trim() === 'ordersync_session=1')) return false;
    try {
      await this.renew();
      return true;
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return false;
      throw e;
    }
  }

  /**
   * One renewal at a time, across this browser's tabs too (a spent refresh token used twice ends
   * the session, decision 7): the Web Locks API serialises them, and a tab that waited finds the
   * cookie already rotated by the other.
   */
  renew() {
    if (!this.renewing) {
      const go = () => this.request('POST', '/auth/refresh', { body: {}, headers: SESSION_HEADER, token: null, retry: false });
      const locked = navigator.locks ? navigator.locks.request('ordersync-refresh', go) : go();
      this.renewing = locked
        .then((r) => this.keep(r))
        .catch((e) => {
          if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
            this.forget();
            if (this.onSignedOut) this.onSignedOut();
          }
          throw e;
        })
        .finally(() => { this.renewing = null; });
    }
    return this.renewing;
  }

  async logout() {
    try {
      if (this.accessToken) await this.request('POST', '/auth/logout', { body: {}, headers: SESSION_HEADER, retry: false });
    } finally {
      this.forget();
    }
  }

  keep(tokens) {
    this.accessToken = tokens.access_token;
    this.expiresAt = Date.now() + (tokens.expires_in || 300) * 1000;
    this.restaurantId = tokens.restaurant_id || null;
  }

  forget() {
    this.accessToken = null;
    this.expiresAt = 0;
  }

  /** The claims of the access token (role, restaurant), read without checking: for display only. */
  claims() {
    if (!this.accessToken) return {};
    try {
      const part = this.accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(decodeURIComponent(escape(atob(part))));
    } catch {
      return {};
    }
  }
}

async function read(res) {
  const type = res.headers.get('Content-Type') || '';
  let body = null;
  if (res.status !== 204 && res.status !== 304) {
    const text = await res.text();
    if (text && (type.includes('json'))) {
      try { body = JSON.parse(text); } catch { body = null; }
    } else {
      body = text || null;
    }
  }
  if (res.ok) return body;
  const problem = body && typeof body === 'object' ? body : { detail: typeof body === 'string' ? body.slice(0, 200) : '' };
  problem.retryAfter = res.headers.get('Retry-After');
  throw new ApiError(res.status, problem);
}
