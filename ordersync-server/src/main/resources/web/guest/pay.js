// The payment step (/o/{id}/pay), as Toss documents its payment window: load Toss's script (its
// address and the client key from GET /payments/window), call
// TossPayments(clientKey).requestPayment(method, {amount, orderId, orderName, successUrl, failUrl});
// Toss comes back to /o/{id}/pay/success?paymentKey=&orderId=&amount= (the server confirms it) or
// /o/{id}/pay/fail?code=&message=&orderId= (the guest goes back to the cart with Toss's message).
// A reload here opens the window again for the same order: it never makes another order.

import { Api, ApiError } from '../shared/api.js';
import { t, won } from '../shared/i18n.js';
import { h, fill } from '../shared/dom.js';
import { langSwitch, store, cartKey, orderToken, pathId, problemText } from './common.js';

const api = new Api();
const id = pathId();
const result = location.pathname.split('/')[4] || null;
const params = new URLSearchParams(location.search);
const token = orderToken(id);
const state = document.getElementById('state');
const actions = document.getElementById('actions');
const whereKey = 'ordersync.pay.' + id;

langSwitch(document.getElementById('lang-slot'));

function show(text, kind = '') {
  state.className = 'card' + (kind ? ' banner ' + kind : '');
  fill(state, h('p', {}, text));
}

function menuUrl(where) {
  return `/r/${where.rid}` + (where.table ? '?table=' + encodeURIComponent(where.table) : '');
}

/** Back to the cart with a message (Toss's, or the server's). */
function backToCart(where, message) {
  const c = store.get(cartKey(where.rid)) || {};
  c.payError = message;
  store.set(cartKey(where.rid), c);
  location.replace(menuUrl(where));
}

async function where() {
  const kept = store.get(whereKey);
  if (kept) return kept;
  const o = await api.get(`/orders/${id}`, { token });
  return { rid: o.restaurant_id, table: o.table };
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.async = true;
    s.onload = () => (typeof window.TossPayments === 'function' ? resolve(window.TossPayments) : reject(new Error('no TossPayments')));
    s.onerror = () => reject(new Error('the payment script did not load'));
    document.head.append(s);
  });
}

async function open() {
  fill(actions);
  show(t('pay.opening'));
  let order;
  try {
    order = await api.get(`/orders/${id}`, { token });
  } catch (e) {
    show(problemText(e), 'danger');
    return;
  }
  const here = { rid: order.restaurant_id, table: order.table };
  store.set(whereKey, here);
  if (order.status !== 'AWAITING_PAYMENT') {
    location.replace(`/o/${id}`);
    return;
  }
  fill(state, h('p', {}, t('pay.opening')), h('p', {}, t('pay.amount'), ' ', h('strong', { class: 'money', dataset: { testid: 'pay-amount' } }, won(order.total))));
  fill(actions,
    h('button', { type: 'button', class: 'primary', dataset: { testid: 'pay-online' }, onclick: open }, t('pay.again')),
    h('a', { class: 'button', href: menuUrl(here) }, t('pay.backToCart')));
  let payments;
  try {
    const w = await api.get('/payments/window');
    const TossPayments = await loadScript(w.script_url);
    payments = TossPayments(w.client_key);
  } catch (e) {
    show(e instanceof ApiError ? problemText(e) : t('pay.unavailable'), 'danger');
    return;
  }
  const first = order.items[0];
  const more = order.items.length - 1;
  const orderName = (more > 0 ? t('pay.orderName', { name: first.name, n: more }) : first.name).slice(0, 100);
  const base = location.origin + `/o/${id}/pay/`;
  try {
    await payments.requestPayment('카드', {
      amount: order.total,
      orderId: order.id,
      orderName,
      successUrl: base + 'success',
      failUrl: base + 'fail',
    });
  } catch (e) {
    // The window was closed or refused before any redirect (Toss rejects the promise with {code, message}).
    backToCart(here, (e && e.message) || t('pay.unavailable'));
  }
}

async function success() {
  const paymentKey = params.get('paymentKey');
  const orderId = params.get('orderId');
  const amount = Number(params.get('amount'));
  // The payment key is as good as a credential for its confirm: out of the address bar at once.
  history.replaceState(null, '', location.pathname);
  show(t('pay.confirming'));
  if (!paymentKey || orderId !== id || !Number.isSafeInteger(amount)) {
    location.replace(`/o/${id}`); // a reload after the confirm: the order page tells how it went
    return;
  }
  try {
    const r = await api.post('/payments/confirm', { payment_key: paymentKey, order_id: orderId, amount }, { token });
    const rid = r && r.order ? r.order.restaurant_id : (store.get(whereKey) || {}).rid;
    if (rid) store.del(cartKey(rid));
    store.del(whereKey);
    if (r && r.status === 'CONFIRMING') show(t('pay.stillConfirming'), 'warn');
    location.replace(`/o/${id}`);
  } catch (e) {
    if (e instanceof ApiError && (e.code === 'order_already_paid' || e.code === 'invalid_transition')) {
      location.replace(`/o/${id}`);
      return;
    }
    if (e instanceof ApiError && (e.status === 0 || e.status >= 500)) {
      show(problemText(e), 'danger');
      fill(actions, h('button', { type: 'button', class: 'primary', onclick: () => location.reload() }, t('retry')));
      return;
    }
    try {
      backToCart(await where(), problemText(e));
    } catch {
      show(problemText(e), 'danger');
    }
  }
}

async function fail() {
  const message = params.get('message') || params.get('code') || t('error.generic');
  history.replaceState(null, '', location.pathname);
  try {
    backToCart(await where(), message);
  } catch (e) {
    show(t('cart.payFailed', { message }), 'danger');
  }
}

if (!token && result !== 'success') {
  show(t('order.noToken'), 'warn');
} else if (result === 'success') {
  success();
} else if (result === 'fail') {
  fail();
} else {
  open();
}
