// Text in Korean first, English on request: each page registers its message files (plain objects
// keyed by language), elements name their text with data-i18n attributes, and scripts call t().
// The chosen language is a preference, not a secret, so it is kept in localStorage.

const KEY = 'ordersync.lang';
const catalogs = { ko: {}, en: {} };
const listeners = new Set();
let current = pick();

function pick() {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved === 'ko' || saved === 'en') return saved;
  } catch { /* storage may be off */ }
  return 'ko';
}

/** Adds a page's messages: `register({ko: {...}, en: {...}})`. */
export function register(messages) {
  for (const lang of Object.keys(catalogs)) Object.assign(catalogs[lang], messages[lang] || {});
}

export function lang() {
  return current;
}

export function setLang(l) {
  if (l !== 'ko' && l !== 'en') return;
  current = l;
  try { localStorage.setItem(KEY, l); } catch { /* ignore */ }
  document.documentElement.lang = l;
  translate(document);
  for (const f of listeners) f(l);
}

export function onLang(f) {
  listeners.add(f);
}

/** The message for key in the current language, `{name}` placeholders filled from params. */
export function t(key, params = {}) {
  const text = catalogs[current][key] ?? catalogs.ko[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, k) => (params[k] === undefined ? m : String(params[k])));
}

/** Fills data-i18n (text), data-i18n-label (aria-label), data-i18n-placeholder and -title. */
export function translate(root) {
  document.documentElement.lang = current;
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder));
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.setAttribute('title', t(el.dataset.i18nTitle));
}

/** Won as people write it: 9,500원 in Korean, ₩9,500 in English. */
// Intl formatters are slow to make (milliseconds each) and a board formats hundreds of times a
// second, so each is made once per language and zone.
const formatters = new Map();
function formatter(key, make) {
  let f = formatters.get(key);
  if (!f) { f = make(); formatters.set(key, f); }
  return f;
}

export function won(amount) {
  const n = formatter('won', () => new Intl.NumberFormat('ko-KR')).format(amount);
  return current === 'ko' ? `${n}원` : `₩${n}`;
}

/** A time of day in the restaurant's zone, e.g. 오후 6:05 / 6:05 PM. */
export function clock(instant, timeZone = 'Asia/Seoul') {
  return formatter(`clock/${current}/${timeZone}`, () => new Intl.DateTimeFormat(current === 'ko' ? 'ko-KR' : 'en-US', {
    hour: 'numeric', minute: '2-digit', timeZone,
  })).format(new Date(instant));
}

/** A date and time in the restaurant's zone. */
export function dateTime(instant, timeZone = 'Asia/Seoul') {
  return formatter(`dateTime/${current}/${timeZone}`, () => new Intl.DateTimeFormat(current === 'ko' ? 'ko-KR' : 'en-US', {
    month: 'short', day: 'numeric', weekday: 'short', hour: 'numeric', minute: '2-digit', timeZone,
  })).format(new Date(instant));
}
