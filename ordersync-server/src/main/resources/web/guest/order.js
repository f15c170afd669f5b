// The guest's order (/o/{order_id}): the order token arrives in the URL fragment (#t=...), which no
// server log or Referer ever sees, and moves at once into this tab's sessionStorage. Then: the order
// number, the receipt (the server's amounts), the status live over /ws/orders/{id}/status (resumed
// by seq after sleep or a network change), cancel while PLACED, and erasing the guest's details.

import { Api, ApiError } from '../shared/api.js';
import { connect } from '../shared/live.js';
import { t, won, clock, onLang } from '../shared/i18n.js';
import { h, fill, announce } from '../shared/dom.js';
import { langSwitch, keepOrderToken, orderToken, pathId, problemText } from './common.js';

const api = new Api();
const id = pathId();

const fragment = /(?:^#|&)t=([^&]+)/.exec(location.hash);
if (fragment) {
  keepOrderToken(id, decodeURIComponent(fragment[1]));
  history.replaceState(history.state, '', location.pathname + location.search);
}
const token = orderToken(id);

const $ = (x) => document.getElementById(x);
const main = $('main');
const live = $('live');
const STEPS = ['PLACED', 'ACCEPTED', 'PREPARING', 'READY', 'COMPLETED'];

let order = null;
let restaurant = null;
let liveState = 'connecting';
let refunded = false;
let canceledByMe = false;
let notice = null; // {text, kind}
let busy = false;

langSwitch($('lang-slot'));
onLang(render);

function tz() {
  return (restaurant && restaurant.time_zone) || 'Asia/Seoul';
}

function hasDetails(o) {
  return !!(o.customer && (o.customer.name || o.customer.phone)) || !!o.note;
}

// The page's parts are made once and then updated in place, so what a reader (or a test) holds on
// to stays on the page while the status moves.
const view = {};
function skeleton() {
  view.numLabel = h('p', { id: 'num-label', class: 'muted' });
  view.number = h('p', { class: 'order-number', dataset: { testid: 'order-number' } });
  view.notice = h('div');
  view.statusH = h('h2', { id: 'status-h', class: 'visually-hidden' });
  view.status = h('p', { class: 'status-now', dataset: { testid: 'order-status' }, role: 'status' });
  view.msg = h('p');
  view.reason = h('p', { class: 'muted' });
  view.steps = h('ol', { class: 'steps' });
  view.ready = h('p', { class: 'ready-by' });
  view.refund = h('p', { class: 'banner ok' });
  view.payInfo = h('p', { class: 'pay-info' });
  view.liveState = h('p', { class: 'live-state muted', dataset: { testid: 'live-state' } });
  view.payNow = h('a', { class: 'button primary', href: `/o/${id}/pay` });
  view.receipt = h('section', { class: 'card receipt', 'aria-labelledby': 'items-h' });
  view.details = h('section', { class: 'card', 'aria-labelledby': 'you-h' });
  view.cancel = h('button', { type: 'button', id: 'cancel', class: 'danger', dataset: { testid: 'order-cancel' }, onclick: askCancel });
  view.erase = h('button', { type: 'button', id: 'erase', dataset: { testid: 'erase-my-data' }, onclick: askErase });
  view.again = h('a', { class: 'button' });
  fill(main,
    h('section', { class: 'order-head', 'aria-labelledby': 'num-label' }, view.numLabel, view.number),
    view.notice,
    h('section', { class: 'card status-card', 'aria-labelledby': 'status-h' },
      view.statusH, view.status, view.msg, view.reason, view.steps, view.ready, view.payInfo, view.refund, view.liveState),
    view.payBox = h('div', { class: 'actions' }, view.payNow),
    view.receipt,
    view.details,
    h('div', { class: 'actions' }, view.cancel, view.erase, view.again));
  main.removeAttribute('aria-busy');
}

let receiptOf = '';
let detailsOf = '';

function render() {
  if (!order) return;
  if (!view.number) skeleton();
  const o = order;
  $('name').textContent = restaurant ? restaurant.name : 'OrderSync';
  $('where').textContent = o.table ? t('order.table', { table: o.table }) : t('order.takeout');
  document.title = `${o.number} · ${t('order.title')}`;
  const stepAt = STEPS.indexOf(o.status);
  const failed = ['REJECTED', 'CANCELED', 'EXPIRED'].includes(o.status);

  view.numLabel.textContent = t('order.number');
  view.number.textContent = o.number;
  if (notice) {
    view.notice.className = 'banner ' + notice.kind;
    view.notice.setAttribute('role', 'status');
    view.notice.textContent = notice.text;
  } else {
    view.notice.className = '';
    view.notice.textContent = '';
  }
  view.statusH.textContent = t('order.status');
  view.status.textContent = t('status.' + o.status);
  view.status.dataset.status = o.status;
  view.status.classList.toggle('error-text', failed);
  // A refund is promised only where the guest paid online; a counter order paid nothing yet.
  const paidOnline = restaurant && restaurant.payment_mode === 'ONLINE';
  const failedMsg = failed && !paidOnline && (o.status === 'REJECTED' || o.status === 'CANCELED');
  view.msg.textContent = o.status === 'CANCELED' && canceledByMe
    ? t('order.canceledByYou')
    : t(failedMsg ? 'status.msg.' + o.status + '.counter' : 'status.msg.' + o.status);
  view.reason.hidden = !(o.reason && failed);
  view.reason.textContent = o.reason ? t('order.reason', { reason: o.reason }) : '';
  view.steps.hidden = stepAt < 0;
  view.steps.setAttribute('aria-label', t('steps.label'));
  fill(view.steps, STEPS.map((s, i) => h('li', {
    class: i < stepAt ? 'done' : i === stepAt ? 'current' : '',
    'aria-current': i === stepAt ? 'step' : null,
  }, t('step.' + s))));
  // The expected time only while it is still to come: accepted or being prepared.
  if (o.ready_by && (o.status === 'ACCEPTED' || o.status === 'PREPARING')) {
    view.ready.hidden = false;
    view.ready.className = 'ready-by';
    view.ready.dataset.testid = 'ready-by';
    view.ready.textContent = t('order.readyBy', { time: clock(o.ready_by, tz()) });
  } else {
    view.ready.hidden = true;
  }
  const open = ['PLACED', 'ACCEPTED', 'PREPARING', 'READY'].includes(o.status);
  const mode = restaurant && restaurant.payment_mode;
  view.payInfo.hidden = !(open && mode);
  view.payInfo.textContent = mode === 'ONLINE' ? t('order.paidOnline') : t('order.payAtCounter', { total: won(o.total) });
  view.refund.hidden = !refunded;
  view.refund.textContent = t('order.refunded');
  view.liveState.dataset.state = liveState;
  view.liveState.textContent = t('order.live.' + liveState);
  view.payBox.hidden = o.status !== 'AWAITING_PAYMENT';
  view.payNow.textContent = t('order.payNow');

  const receiptKey = JSON.stringify([o.items, o.subtotal, o.discount, o.total, document.documentElement.lang]);
  if (receiptKey !== receiptOf) {
    receiptOf = receiptKey;
    fill(view.receipt,
      h('h2', { id: 'items-h' }, t('order.items')),
      h('table', {},
        h('tbody', {}, o.items.map((l) => h('tr', {},
          h('td', {},
            h('strong', {}, l.name), ` × ${l.quantity}`,
            l.options.length ? h('div', { class: 'muted' }, l.options.map((x) => `${x.group}: ${x.name}`).join(', ')) : null,
            l.price_rule ? h('div', { class: 'muted' }, l.price_rule.name) : null),
          h('td', { class: 'num money' }, won(l.line_total))))),
        h('tfoot', {},
          o.discount ? h('tr', {}, h('th', { scope: 'row' }, t('order.subtotal')), h('td', { class: 'num money' }, won(o.subtotal))) : null,
          o.discount ? h('tr', {}, h('th', { scope: 'row' }, t('order.discount')), h('td', { class: 'num money' }, '−' + won(o.discount))) : null,
          h('tr', {}, h('th', { scope: 'row' }, t('order.total')), h('td', { class: 'num money', dataset: { testid: 'order-total' } }, won(o.total))))),
      h('p', { class: 'hint' }, t('order.receipt')));
  }
  const detailsKey = JSON.stringify([o.customer, o.note, document.documentElement.lang]);
  if (detailsKey !== detailsOf) {
    detailsOf = detailsKey;
    view.details.hidden = !hasDetails(o);
    fill(view.details, hasDetails(o) ? [
      h('h2', { id: 'you-h' }, t('order.customer')),
      h('dl', { class: 'details', dataset: { testid: 'customer-details' } },
        h('dt', {}, t('order.name')), h('dd', {}, (o.customer && o.customer.name) || t('order.none')),
        h('dt', {}, t('order.phone')), h('dd', {}, (o.customer && o.customer.phone) || t('order.none')),
        h('dt', {}, t('order.note')), h('dd', {}, o.note || t('order.none')))] : []);
  }
  view.cancel.hidden = o.status !== 'PLACED';
  view.cancel.disabled = busy;
  view.cancel.textContent = t('order.cancel');
  view.erase.hidden = !hasDetails(o);
  view.erase.disabled = busy;
  view.erase.textContent = t('order.erase');
  view.again.textContent = t('order.again');
  view.again.href = `/r/${o.restaurant_id}` + (o.table ? '?table=' + encodeURIComponent(o.table) : '');
}

/** Takes a newer version of the order; events carry it without the customer's details, which stay. */
function take(next) {
  if (!next) return;
  if (order && next.version < order.version) return;
  const before = order && order.status;
  order = order ? { ...next, customer: order.customer, note: order.note } : next;
  render();
  if (before && before !== order.status) announce(live, t('status.' + order.status));
}

async function load() {
  if (!token) {
    fill(main, h('p', { class: 'banner warn' }, t('order.noToken')));
    main.removeAttribute('aria-busy');
    return false;
  }
  try {
    order = await api.get(`/orders/${id}`, { token });
  } catch (e) {
    fill(main, h('p', { class: 'banner danger' }, e instanceof ApiError && (e.status === 404 || e.status === 401 || e.status === 403) ? t('order.noToken') : problemText(e)),
      h('button', { type: 'button', onclick: load }, t('retry')));
    main.removeAttribute('aria-busy');
    return false;
  }
  render();
  try {
    restaurant = await api.get(`/restaurants/${order.restaurant_id}`);
    render();
  } catch { /* the name and time zone are a nicety */ }
  return true;
}

// ---- confirmation dialog ----

const dialog = $('confirm');
let onYes = null;
function ask(title, body, yes, no, action) {
  $('confirm-title').textContent = title;
  $('confirm-body').textContent = body;
  $('confirm-yes').textContent = yes;
  $('confirm-no').textContent = no;
  onYes = action;
  dialog.showModal();
  $('confirm-no').focus();
}
$('confirm-no').addEventListener('click', () => dialog.close());
$('confirm-yes').addEventListener('click', () => {
  dialog.close();
  const f = onYes;
  onYes = null;
  if (f) f();
});

function askCancel() {
  ask(t('order.cancel.confirm'), '', t('order.cancel.yes'), t('order.cancel.no'), cancel);
}

function askErase() {
  ask(t('order.erase.title'), t('order.erase.body'), t('order.erase.yes'), t('order.erase.no'), erase);
}

async function cancel() {
  busy = true;
  render();
  try {
    const o = await api.post(`/orders/${id}/cancel`, {}, { token });
    canceledByMe = true;
    notice = null;
    take(o && o.id ? o : await api.get(`/orders/${id}`, { token }));
  } catch (e) {
    notice = { text: problemText(e), kind: 'danger' };
    if (e instanceof ApiError && e.isConflict) take(await api.get(`/orders/${id}`, { token }).catch(() => null));
  } finally {
    busy = false;
    render();
  }
}

async function erase() {
  busy = true;
  render();
  try {
    await api.del(`/orders/${id}/customer`, { token });
    const fresh = await api.get(`/orders/${id}`, { token });
    order = fresh;
    notice = { text: t('order.erased'), kind: 'ok' };
    announce(live, t('order.erased'));
  } catch (e) {
    notice = { text: problemText(e), kind: 'danger' };
  } finally {
    busy = false;
    render();
  }
}

// ---- live ----

let socket = null;
window.addEventListener('pagehide', () => { if (socket) socket.stop(); });
window.addEventListener('pageshow', (e) => { if (e.persisted) location.reload(); });

load().then((ok) => {
  if (!ok) return;
  socket = connect({
    path: `/ws/orders/${id}/status`,
    token: async () => token,
    seqField: 'seq',
    onMessage: (msg) => {
      if (msg.type === 'order.refunded') refunded = true;
      if (msg.type === 'order.customer_erased' && order) {
        // Erased (here or from another of the guest's tabs): the details are gone everywhere.
        order = { ...order, customer: { name: null, phone: null }, note: null };
      }
      take(msg.order);
    },
    onState: (s) => {
      liveState = s;
      render();
    },
    onFinal: () => {
      liveState = 'stopped';
      render();
    },
  });
});
