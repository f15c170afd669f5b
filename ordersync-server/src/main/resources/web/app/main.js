// The restaurant's app: signs in (with a second factor when the account has one), keeps the session
// in memory and the refresh cookie (decision 32), starts the live order feed for the whole shift
// (so no screen can miss a new order) and shows one screen at a time, chosen by the URL's hash.
import { Api, ApiError } from '/assets/shared/api.js';
import { register, t, translate, lang, setLang, onLang } from '/assets/shared/i18n.js';
import { h, fill, $, $$ } from '/assets/shared/dom.js';
import messages from './messages.js';
import { startFeed } from './feed.js';

register(messages);

/**
 * The screens: each a module exporting `mount(ctx, element)`, which may return a function that
 * cleans up when another screen is shown. `owner` screens are hidden from STAFF (the server
 * refuses them too).
 */
const SCREENS = [
  { id: 'board', module: './screens/board.js', owner: false },
  { id: 'menu', module: './screens/menu.js', owner: false },
  { id: 'hours', module: './screens/hours.js', owner: true },
  { id: 'settings', module: './screens/settings.js', owner: true },
  { id: 'staff', module: './screens/staff.js', owner: true },
  { id: 'sales', module: './screens/sales.js', owner: true },
  { id: 'qr', module: './screens/qr.js', owner: true },
];

const api = new Api({ session: true });
const ctx = {
  api,
  t,
  me: null,
  restaurant: null,
  role: null,
  feed: null,
  isOwner: () => ctx.role === 'OWNER',
  navigate: (id) => { location.hash = '#/' + id; },
  toast,
  reportError,
  refreshRestaurant: async () => { ctx.restaurant = await api.get('/restaurants/me'); showName(); return ctx.restaurant; },
};
let cleanup = null;
let mfaToken = null;

function toast(text, kind = 'ok', ms = 4000) {
  const el = $('#toast');
  el.textContent = text;
  el.dataset.kind = kind;
  el.classList.add('shown');
  clearTimeout(el._timer);
  el._timer = setTimeout(() => el.classList.remove('shown'), ms);
}

function reportError(e) {
  if (e instanceof ApiError && e.status === 0) toast(t('app.offlineError'), 'danger', 6000);
  else toast(t('app.error', { detail: e && e.detail ? e.detail : String(e && e.message ? e.message : e) }), 'danger', 6000);
}

function langButtons() {
  for (const b of $$('[data-lang-switch]')) {
    b.textContent = t('app.lang');
    b.setAttribute('title', t('app.langLabel'));
    b.setAttribute('lang', lang() === 'ko' ? 'en' : 'ko');
    b.onclick = () => setLang(lang() === 'ko' ? 'en' : 'ko');
  }
}

function showSignedOut() {
  if (ctx.feed) { ctx.feed.stop(); ctx.feed = null; }
  if (cleanup) { cleanup(); cleanup = null; }
  $('#signed-in').hidden = true;
  $('#signed-out').hidden = false;
  $('#login-form').hidden = false;
  $('#mfa-form').hidden = true;
  $('#login-password').value = '';
  $('#login-email').focus();
}

async function signIn(e) {
  e.preventDefault();
  const email = $('#login-email').value.trim();
  const password = $('#login-password').value;
  const error = $('#login-error');
  error.textContent = '';
  if (!email || !password) { error.textContent = t('login.missing'); return; }
  const button = $('[data-testid=login-submit]');
  button.disabled = true;
  try {
    const r = await api.login(email, password);
    if (r.mfaToken) {
      mfaToken = r.mfaToken;
      $('#login-form').hidden = true;
      $('#mfa-form').hidden = false;
      $('#login-code').value = '';
      $('#login-code').focus();
      return;
    }
    await enter();
  } catch (err) {
    error.textContent = loginMessage(err);
  } finally {
    button.disabled = false;
  }
}

async function verifyCode(e) {
  e.preventDefault();
  const error = $('#mfa-error');
  error.textContent = '';
  try {
    await api.loginWithCode(mfaToken, $('#login-code').value.trim());
    mfaToken = null;
    await enter();
  } catch (err) {
    if (err instanceof ApiError && err.code === 'invalid_token') { showSignedOut(); $('#login-error').textContent = loginMessage(err); return; }
    error.textContent = err instanceof ApiError && err.status === 401 ? t('login.badCode') : loginMessage(err);
  }
}

function loginMessage(err) {
  if (!(err instanceof ApiError)) return String(err);
  if (err.status === 0) return t('app.offlineError');
  if (err.status === 429) return t('login.throttled', { seconds: err.retryAfter || 60 });
  if (err.status === 401) return t('login.failed');
  return err.detail || err.code;
}

/** Signed in: who we are, which restaurant, the live feed, then the screen the hash names. */
async function enter() {
  ctx.role = api.claims().role || null;
  if (ctx.role !== 'OWNER' && ctx.role !== 'STAFF') {
    await api.logout();
    showSignedOut();
    $('#login-error').textContent = t('login.customer');
    return;
  }
  // The session names its restaurant: the feed's socket opens while the account and the
  // restaurant are read (in parallel), so a busy board is on screen as soon as possible.
  if (api.restaurantId && !ctx.feed) ctx.feed = startFeed(ctx, $('[data-testid=connection-status]'));
  const [me, restaurant] = await Promise.all([
    api.get('/auth/me'),
    api.restaurantId ? api.get('/restaurants/me') : null,
  ]);
  ctx.me = me;
  ctx.restaurant = restaurant || (me.restaurant_id ? await api.get('/restaurants/me') : null);
  $('#signed-out').hidden = true;
  $('#signed-in').hidden = false;
  showName();
  if (ctx.restaurant && !ctx.feed) ctx.feed = startFeed(ctx, $('[data-testid=connection-status]'));
  if (!ctx.restaurant && ctx.feed) { ctx.feed.stop(); ctx.feed = null; }
  buildNav();
  await show();
}

function showName() {
  $('#restaurant-name').textContent = ctx.restaurant ? ctx.restaurant.name : 'OrderSync';
}

function visibleScreens() {
  return SCREENS.filter((s) => !s.owner || ctx.isOwner());
}

function buildNav() {
  const current = currentId();
  fill($('#nav'), ...visibleScreens().map((s) => h('a', {
    href: '#/' + s.id,
    'data-testid': 'nav-' + s.id,
    'aria-current': s.id === current ? 'page' : null,
    'data-i18n': 'nav.' + s.id,
  }, t('nav.' + s.id))));
  if (ctx.feed) ctx.feed.paintBadge();
}

function currentId() {
  const id = location.hash.replace(/^#\/?/, '').split('/')[0];
  return id || 'board';
}

async function show() {
  if (!api.signedIn) return;
  const id = currentId();
  const screen = SCREENS.find((s) => s.id === id) || SCREENS[0];
  buildNav();
  if (cleanup) { try { cleanup(); } catch { /* a screen's cleanup must not stop the next */ } cleanup = null; }
  const el = $('#screen');
  el.replaceChildren(h('p', { class: 'muted' }, t('app.loading')));
  if (!ctx.restaurant) { fill(el, h('p', { class: 'banner warn' }, t('app.noRestaurant'))); return; }
  if (screen.owner && !ctx.isOwner()) { fill(el, h('p', { class: 'banner warn', 'data-testid': 'forbidden' }, t('app.forbidden'))); return; }
  try {
    const mod = await import(screen.module);
    el.replaceChildren();
    el.dataset.screen = screen.id;
    const done = await mod.mount(ctx, el);
    cleanup = typeof done === 'function' ? done : null;
  } catch (e) {
    reportError(e);
  }
}

async function boot() {
  translate(document);
  langButtons();
  onLang(() => { langButtons(); buildNav(); show(); });
  $('#login-form').addEventListener('submit', signIn);
  $('#mfa-form').addEventListener('submit', verifyCode);
  $('#logout').addEventListener('click', async () => { await api.logout().catch(() => {}); showSignedOut(); });
  window.addEventListener('hashchange', show);
  api.onSignedOut = showSignedOut;
  let resumed = false;
  try { resumed = await api.resume(); } catch { resumed = false; }
  if (resumed) {
    try { await enter(); return; } catch (e) { reportError(e); }
  }
  showSignedOut();
}

boot();
