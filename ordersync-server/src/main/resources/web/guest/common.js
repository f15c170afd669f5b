// What the guest's three pages share: their messages, the language switch, sessionStorage (the cart,
// the order tokens: per tab, gone when the tab closes, never in a URL a server could log) and the
// readable text of a server problem.

import { ApiError } from '../shared/api.js';
import { fieldMessage } from '/assets/shared/field-messages.js';
import { register, setLang, lang, t, translate, onLang } from '../shared/i18n.js';
import { messages } from './messages.js';

register(messages);

/** The button that switches Korean <-> English (class lang-switch), placed in `slot`. */
export function langSwitch(slot) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'lang-switch';
  const show = () => {
    b.textContent = t('lang.switch');
    b.setAttribute('aria-label', t('lang.switch.label'));
    b.lang = lang() === 'ko' ? 'en' : 'ko';
  };
  b.addEventListener('click', () => setLang(lang() === 'ko' ? 'en' : 'ko'));
  onLang(show);
  show();
  slot.replaceChildren(b);
  translate(document);
  return b;
}

export const store = {
  get(key) {
    try {
      const v = sessionStorage.getItem(key);
      return v === null ? null : JSON.parse(v);
    } catch {
      return null;
    }
  },
  set(key, value) {
    try { sessionStorage.setItem(key, JSON.stringify(value)); } catch { /* storage full or off */ }
  },
  del(key) {
    try { sessionStorage.removeItem(key); } catch { /* ignore */ }
  },
};

export const cartKey = (restaurantId) => 'ordersync.cart.' + restaurantId;
const tokenKey = (orderId) => 'ordersync.ot.' + orderId;

export function keepOrderToken(orderId, token) {
  store.set(tokenKey(orderId), token);
}

export function orderToken(orderId) {
  return store.get(tokenKey(orderId));
}

/** The id in /r/{id} or /o/{id}... (the server only serves these pages for a UUID). */
export function pathId() {
  return location.pathname.split('/')[2];
}

/**
 * A server problem as a person reads it: what it means (in the page's language) and, when the
 * server named fields or rules (e.g. "Size: choose exactly 1 (chosen 0)"), those too.
 */
export function problemText(e, fields = {}) {
  if (!(e instanceof ApiError)) return t('error.generic');
  if (e.status === 0) return t('error.network');
  const key = 'problem.' + e.code;
  const known = t(key) !== key;
  const details = e.errors
    .filter((x) => x && x.message)
    .map((x) => (fields[x.field] ? `${fields[x.field]}: ${fieldMessage(x.message)}` : fieldMessage(x.message)));
  if (!known) return [e.detail || t('error.generic'), ...details].join(' · ');
  if (!details.length && e.detail) details.push(e.detail);
  return [t(key), ...details].join(' · ');
}

/** Clears a message slot, or fills it. */
export function say(el, text, kind = 'danger') {
  el.replaceChildren();
  el.className = text ? 'banner ' + kind : '';
  if (text) el.textContent = text;
}
