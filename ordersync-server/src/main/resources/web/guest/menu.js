// The guest's menu and cart (/r/{restaurant_id}, ?table=12 for a table's QR code). The page never
// prices an order: menu prices are shown as estimates, and the amount to pay is the server's, shown
// from the order it creates. One Idempotency-Key + Idempotency-Secret per cart, kept in this tab's
// sessionStorage until the order exists, so a double tap or a reload never makes two orders.

import { Api, ApiError, newKey, newSecret } from '../shared/api.js';
import { particle } from '/assets/shared/field-messages.js';
import { connect } from '../shared/live.js';
import { t, won, dateTime, onLang } from '../shared/i18n.js';
import { h, fill, announce } from '../shared/dom.js';
import { langSwitch, store, cartKey, keepOrderToken, orderToken, pathId, problemText, say } from './common.js';

const api = new Api();
const rid = pathId();
const params = new URLSearchParams(location.search);
const table = (params.get('table') || '').trim() || null;

const $ = (id) => document.getElementById(id);
const ui = {
  name: $('name'), where: $('where'), closed: $('closed'), cats: $('cats'), menu: $('menu'),
  cartOpen: $('cart-open'), count: $('cart-count'), cart: $('cart'), form: $('cart-form'),
  cartClose: $('cart-close'), msg: $('cart-msg'), lines: $('lines'), submit: $('cart-submit'),
  customerName: $('customer-name'), customerPhone: $('customer-phone'), customerSms: $('customer-sms'), customerNote: $('customer-note'),
  payCounter: $('pay-counter'), payOnline: $('pay-online'), live: $('live'),
};

let restaurant = null;
let menu = null;          // the menu JSON as last read
let menuText = '';        // its text, to skip a re-render when nothing changed
let items = new Map();    // id -> item
let sending = false;
let done = false;          // the order exists: this page sends nothing more
let priceTimer = null;
let openTimer = null;
let rendered = false;
let closedShown = '';
let renderedOpen = null;    // takesOrders() when the cards were drawn

// ---- the cart, per restaurant, in this tab's sessionStorage ----

const emptyCart = () => ({ lines: [], name: '', phone: '', sms: false, note: '', key: null, secret: null, pending: null, placed: null, payError: null });
let cart = { ...emptyCart(), ...(store.get(cartKey(rid)) || {}) };
const save = () => store.set(cartKey(rid), cart);

const lineKey = (l) => l.item_id + ':' + [...l.options].sort().join(',');
const count = () => cart.lines.reduce((n, l) => n + l.quantity, 0);

function takesOrders() {
  return !!restaurant && restaurant.open_now && !restaurant.paused;
}

function orderable(item) {
  return !!item && item.available && !item.sold_out;
}

// ---- restaurant and closed state ----

async function loadRestaurant() {
  try {
    restaurant = await api.get(`/restaurants/${rid}`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      fill(ui.menu, h('p', { class: 'banner danger' }, t('error.notFound')));
      ui.menu.removeAttribute('aria-busy');
      return false;
    }
    fill(ui.closed, h('p', { class: 'banner danger' }, problemText(e)));
    return false;
  }
  showRestaurant();
  return true;
}

function showRestaurant() {
  if (!restaurant) return;
  ui.name.textContent = restaurant.name;
  document.title = `${restaurant.name} · ${t('menu.title')}`;
  ui.where.textContent = table ? t('menu.dineIn', { table }) : t('menu.takeout');
  clearTimeout(openTimer);
  const shownKey = JSON.stringify([takesOrders(), restaurant.paused, restaurant.next_opening_at, document.documentElement.lang]);
  if (shownKey === closedShown) {
    // unchanged: keep the banner as it is
  } else if (takesOrders()) {
    closedShown = shownKey;
    ui.closed.replaceChildren();
  } else {
    closedShown = shownKey;
    const lines = [restaurant.paused ? t('closed.paused') : t('closed.hours')];
    if (restaurant.next_opening_at) {
      lines.push(t('closed.next', { when: dateTime(restaurant.next_opening_at, restaurant.time_zone), zone: restaurant.time_zone }));
    }
    lines.push(t('closed.noOrders'));
    fill(ui.closed, h('div', { class: 'banner warn closed', dataset: { testid: 'restaurant-closed' } }, lines.map((l) => h('p', {}, l))));
  }
  if (!takesOrders() && restaurant.next_opening_at) {
    // Open again at that instant without a reload.
    const wait = Date.parse(restaurant.next_opening_at) - Date.now();
    if (wait > 0 && wait < 2 ** 31 - 1) openTimer = setTimeout(loadRestaurant, wait + 1000);
  }
  const online = restaurant.payment_mode === 'ONLINE';
  ui.payCounter.checked = !online;
  ui.payOnline.checked = online;
  ui.payCounter.disabled = online;
  ui.payOnline.disabled = !online;
  $('pay-counter-note').textContent = online ? t('cart.pay.notHere') : '';
  $('pay-online-note').textContent = online ? '' : t('cart.pay.notHere');
  if (rendered && renderedOpen !== takesOrders()) renderMenu();
  else if (!rendered) renderMenu();
  renderCart();
}

// ---- the menu ----

async function loadMenu() {
  let m;
  try {
    m = await api.get(`/restaurants/${rid}/menu`);
  } catch (e) {
    if (!menu) fill(ui.menu, h('p', { class: 'banner danger' }, problemText(e)), h('button', { type: 'button', onclick: loadMenu }, t('retry')));
    return;
  }
  const text = JSON.stringify(m);
  if (text === menuText) return;
  const first = menu === null;
  menuText = text;
  menu = m;
  items = new Map(m.items.map((i) => [i.id, i]));
  renderMenu();
  renderCart();
  if (!first) announce(ui.live, t('menu.updated'));
  clearTimeout(priceTimer);
  if (m.next_price_change_at) {
    // At the instant a price rule starts or ends (a little after, for the server to be past it);
    // a time already past by this phone's clock (a skewed clock) is retried in a minute, not in a loop.
    const wait = Date.parse(m.next_price_change_at) - Date.now();
    priceTimer = setTimeout(loadMenu, wait > 0 ? Math.min(wait + 500, 2 ** 31 - 1) : 60_000);
  }
}

function chosenNow() {
  return new Set(Array.from(ui.menu.querySelectorAll('input[data-option-id]:checked'), (i) => i.dataset.optionId));
}

function renderMenu() {
  if (!menu || !restaurant) return;
  renderedOpen = takesOrders();
  const chosen = chosenNow();
  const focused = document.activeElement && document.activeElement.id;
  const cats = [...menu.categories].sort((a, b) => a.position - b.position);
  const sections = [];
  const nav = [];
  const byCat = (cid) => menu.items.filter((i) => (i.category_id || null) === cid);
  for (const c of cats) {
    const list = byCat(c.id);
    if (!list.length) continue;
    sections.push(section('cat-' + c.id, c.name, list, chosen));
    nav.push(h('a', { href: '#cat-' + c.id }, c.name));
  }
  const known = new Set(cats.map((c) => c.id));
  const rest = menu.items.filter((i) => !i.category_id || !known.has(i.category_id));
  if (rest.length) {
    sections.push(section('cat-other', cats.length ? t('menu.other') : t('menu.title'), rest, chosen));
    if (cats.length) nav.push(h('a', { href: '#cat-other' }, t('menu.other')));
  }
  if (!sections.length) sections.push(h('p', { class: 'muted' }, t('menu.empty')));
  fill(ui.menu, ...sections);
  fill(ui.cats, ...nav);
  ui.cats.hidden = nav.length < 2;
  ui.menu.removeAttribute('aria-busy');
  if (focused) { const el = document.getElementById(focused); if (el) el.focus(); }
  if (!rendered) {
    rendered = true;
    performance.mark('ordersync.menu-rendered');
    document.body.dataset.menu = 'ready';
  }
}

function section(id, title, list, chosen) {
  return h('section', { id, class: 'cat', 'aria-labelledby': id + '-h' },
    h('h2', { id: id + '-h' }, title),
    list.map((i) => itemCard(i, chosen)));
}

function ruleWords(g) {
  if (g.min === g.max) return t('rule.exactly', { min: g.min });
  if (g.min === 0) return t('rule.upTo', { max: g.max });
  return t('rule.range', { min: g.min, max: g.max });
}

function ruleError(g, n) {
  const p = { group: g.name, min: g.min, max: g.max, n };
  if (g.min === g.max) return t('rule.err.exactly', p);
  if (g.min === 0) return t('rule.err.upTo', p);
  return t('rule.err.range', p);
}

function priceView(item) {
  if (item.price !== item.base_price) {
    return h('p', { class: 'price' },
      h('s', { class: 'strike money' }, h('span', { class: 'visually-hidden' }, t('menu.basePrice') + ' '), won(item.base_price)),
      ' ',
      h('strong', { class: 'money now' }, h('span', { class: 'visually-hidden' }, t('menu.priceNow') + ' '), won(item.price)),
      item.price_rule ? h('span', { class: 'badge sale' }, item.price_rule.name) : null);
  }
  return h('p', { class: 'price' }, h('strong', { class: 'money' }, won(item.price)));
}

function itemCard(item, chosen) {
  const ok = orderable(item);
  const canAdd = ok && takesOrders();
  const nameId = 'item-' + item.id;
  const errId = 'err-' + item.id;
  const groups = item.option_groups || [];
  const card = h('article', {
    class: 'item card' + (ok ? '' : ' out'),
    dataset: { testid: 'menu-item', itemId: item.id },
    'aria-labelledby': nameId,
  },
  h('div', { class: 'item-head' },
    item.image_url ? h('img', { src: item.image_url, alt: '', width: 88, height: 88, loading: 'lazy', decoding: 'async', class: 'thumb' }) : null,
    h('div', { class: 'item-text' },
      h('h3', { id: nameId }, item.name),
      item.description ? h('p', { class: 'desc muted' }, item.description) : null,
      priceView(item),
      ok ? null : h('p', { class: 'badge out-badge', dataset: { testid: 'sold-out' } }, item.sold_out ? t('menu.soldOut') : t('menu.unavailable')))),
  groups.map((g) => h('fieldset', { class: 'opts', dataset: { groupId: g.id } },
    h('legend', {}, g.name, ' ', h('span', { class: g.min > 0 ? 'req' : 'opt' }, (g.min > 0 ? t('menu.required') : t('menu.optional')) + ' · ' + ruleWords(g))),
    g.options.map((o) => {
      const id = `o-${item.id}-${o.id}`;
      const single = g.min === 1 && g.max === 1;
      return h('label', { class: 'choice' + (o.available ? '' : ' off'), for: id },
        h('input', {
          type: single ? 'radio' : 'checkbox', id, name: `g-${item.id}-${g.id}`,
          dataset: { testid: 'option', optionId: o.id },
          disabled: !o.available || !ok,
          checked: o.available && chosen.has(o.id),
          onchange: () => { const e = document.getElementById(errId); if (e) say(e, ''); },
        }),
        h('span', {}, o.name),
        o.price_delta ? h('span', { class: 'money muted' }, ' ' + (o.price_delta > 0 ? '+' : '−') + won(Math.abs(o.price_delta))) : null,
        o.available ? null : h('span', { class: 'muted' }, ` (${t('menu.optionSoldOut')})`));
    }))),
  h('div', { id: errId, role: 'alert', class: '' }),
  h('div', { class: 'item-actions' },
    h('button', {
      type: 'button', class: 'primary', dataset: { testid: 'item-add' },
      'aria-label': ok ? t('menu.add.label', { name: item.name }) : `${item.name} ${item.sold_out ? t('menu.soldOut') : t('menu.unavailable')}`,
      disabled: !canAdd,
      onclick: () => add(item.id, card),
    }, ok ? t('menu.add') : (item.sold_out ? t('menu.soldOut') : t('menu.unavailable')))));
  return card;
}

/** Adds the item with the options chosen in its card, after the same min/max check the server makes. */
function add(itemId, card) {
  const item = items.get(itemId);
  if (!orderable(item) || !takesOrders()) return;
  const err = document.getElementById('err-' + itemId);
  const chosen = Array.from(card.querySelectorAll('input[data-option-id]:checked'), (i) => i.dataset.optionId);
  const problems = [];
  for (const g of item.option_groups || []) {
    const ids = new Set(g.options.map((o) => o.id));
    const n = chosen.filter((c) => ids.has(c)).length;
    const fs = card.querySelector(`fieldset[data-group-id="${g.id}"]`);
    const bad = n < g.min || n > g.max;
    if (fs) fs.classList.toggle('invalid', bad);
    if (bad) problems.push(ruleError(g, n));
  }
  if (problems.length) {
    say(err, problems.join(' · '));
    err.dataset.testid = 'option-error';
    const first = card.querySelector('fieldset.invalid input:not([disabled])');
    if (first) first.focus();
    return;
  }
  say(err, '');
  const line = { item_id: itemId, name: item.name, quantity: 1, options: chosen };
  const same = cart.lines.find((l) => lineKey(l) === lineKey(line));
  if (same) same.quantity = Math.min(99, same.quantity + 1);
  else cart.lines.push(line);
  save();
  for (const i of card.querySelectorAll('input[data-option-id]')) i.checked = false;
  renderCart();
  announce(ui.live, t('menu.added', { name: item.name, obj: particle(item.name, '을', '를') }));
  ui.cartOpen.classList.remove('bump');
  void ui.cartOpen.offsetWidth;
  ui.cartOpen.classList.add('bump');
}

// ---- the cart ----

function optionOf(item, optionId) {
  for (const g of (item && item.option_groups) || []) {
    for (const o of g.options) if (o.id === optionId) return o;
  }
  return null;
}

function lineProblem(l) {
  const item = items.get(l.item_id);
  if (!menu) return false;
  if (!orderable(item)) return true;
  return l.options.some((id) => { const o = optionOf(item, id); return !o || !o.available; });
}

function renderCart() {
  const n = count();
  ui.count.textContent = String(n);
  ui.customerName.value = cart.name || '';
  ui.customerPhone.value = cart.phone || '';
  ui.customerSms.checked = !!cart.sms;
  ui.customerNote.value = cart.note || '';
  const online = restaurant && restaurant.payment_mode === 'ONLINE';
  ui.submit.textContent = online ? t('cart.submit.online') : t('cart.submit');
  if (!cart.lines.length) {
    fill(ui.lines, h('li', { class: 'muted' }, t('cart.empty')));
  } else {
    fill(ui.lines, cart.lines.map((l, idx) => {
      const item = items.get(l.item_id);
      const name = item ? item.name : l.name;
      const opts = l.options.map((id) => optionOf(item, id)).filter(Boolean);
      const estimate = item ? item.price + opts.reduce((s, o) => s + o.price_delta, 0) : null;
      const gone = lineProblem(l);
      return h('li', { class: 'line' + (gone ? ' gone' : ''), dataset: { testid: 'cart-line', itemId: l.item_id } },
        h('div', { class: 'line-text' },
          h('strong', {}, name),
          opts.length ? h('span', { class: 'muted' }, opts.map((o) => o.name).join(', ')) : null,
          estimate !== null ? h('span', { class: 'muted estimate' }, t('cart.estimate', { price: won(estimate) })) : null,
          gone ? h('span', { class: 'error-text' }, t('cart.lineGone')) : null),
        h('div', { class: 'qty', role: 'group', 'aria-label': `${name} ${t('cart.qty')}` },
          h('button', { type: 'button', 'aria-label': t('cart.less', { name }), disabled: l.quantity <= 1, onclick: () => change(idx, -1) }, '−'),
          h('output', { 'aria-live': 'polite', dataset: { testid: 'cart-qty' } }, String(l.quantity)),
          h('button', { type: 'button', 'aria-label': t('cart.more', { name }), disabled: l.quantity >= 99, onclick: () => change(idx, 1) }, '+'),
          h('button', { type: 'button', class: 'link', 'aria-label': t('cart.remove', { name }), onclick: () => change(idx, -Infinity) }, '✕')));
    }));
  }
  ui.submit.disabled = sending || done || !cart.lines.length || !takesOrders() || cart.lines.some(lineProblem);
}

function change(idx, by) {
  const l = cart.lines[idx];
  if (!l) return;
  if (by === -Infinity) cart.lines.splice(idx, 1);
  else l.quantity = Math.max(1, Math.min(99, l.quantity + by));
  save();
  renderCart();
  const buttons = ui.lines.querySelectorAll('button');
  if (buttons.length) (buttons[Math.min(idx * 3, buttons.length - 1)] || ui.cartClose).focus();
  else ui.cartClose.focus();
}

for (const [el, field] of [[ui.customerName, 'name'], [ui.customerPhone, 'phone'], [ui.customerNote, 'note']]) {
  el.addEventListener('input', () => { cart[field] = el.value; save(); });
}
ui.customerSms.addEventListener('change', () => { cart.sms = ui.customerSms.checked; save(); });

function body() {
  const b = {
    restaurant_id: rid,
    items: cart.lines.map((l) => ({ menu_item_id: l.item_id, quantity: l.quantity, options: l.options })),
    fulfillment: table ? 'DINE_IN' : 'TAKEOUT',
  };
  if (table) b.table = table;
  const name = (cart.name || '').trim();
  const phone = (cart.phone || '').trim();
  if (name || phone) {
    b.customer = {};
    if (name) b.customer.name = name;
    if (phone) b.customer.phone = phone;
    if (phone && cart.sms) b.customer.sms_consent = true;
  }
  const note = (cart.note || '').trim();
  if (note) b.note = note;
  return b;
}

const FIELDS = () => ({ 'customer.name': t('cart.name'), 'customer.phone': t('cart.phone'), 'customer.sms_consent': t('cart.sms'), note: t('cart.note') });

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

async function submit(ev) {
  if (ev) ev.preventDefault();
  if (sending || done) return;
  say(ui.msg, '');
  if (!cart.lines.length || !takesOrders() || cart.lines.some(lineProblem)) { renderCart(); return; }
  if (cart.sms && !(cart.phone || '').trim()) { say(ui.msg, t('cart.sms.needsPhone')); ui.customerPhone.focus(); return; }
  const b = body();
  if (cart.placed && same(cart.placed.body, b)) {
    // This very cart was placed as an order still waiting for its online payment: pay that one.
    const token = orderToken(cart.placed.id);
    try {
      const o = await api.get(`/orders/${cart.placed.id}`, { token });
      if (o.status === 'AWAITING_PAYMENT') { location.assign(`/o/${o.id}/pay`); return; }
    } catch { /* fall through: a new order */ }
    cart.placed = null;
  }
  if (!cart.key) { cart.key = newKey(); cart.secret = newSecret(); }
  cart.pending = b;
  save();
  await send(b);
}

async function send(b) {
  sending = true;
  renderCart();
  ui.submit.textContent = t('cart.sending');
  try {
    const order = await api.post('/orders', b, { idempotencyKey: cart.key, idempotencySecret: cart.secret });
    placed(order, b);
    return;
  } catch (e) {
    if (e instanceof ApiError && e.code === 'idempotency_key_reused' && cart.pending && !same(cart.pending, b)) {
      sending = false;
      await send(cart.pending);
      return;
    }
    const retryable = !(e instanceof ApiError) || e.status === 0 || e.status >= 500 || e.status === 429 || e.code === 'idempotency_key_in_use';
    if (!retryable) {
      cart.pending = null;
      if (e.code === 'idempotency_key_reused') { cart.key = null; cart.secret = null; }
      save();
    }
    say(ui.msg, problemText(e, FIELDS()));
    ui.msg.dataset.testid = 'cart-problem';
    if (!ui.cart.open) ui.cart.showModal();
    if (['restaurant_closed', 'restaurant_paused'].includes(e.code)) loadRestaurant();
    if (['item_unavailable', 'out_of_stock', 'menu_item_not_found', 'option_unavailable', 'option_not_found', 'options_invalid'].includes(e.code)) loadMenu();
  } finally {
    sending = false;
    renderCart();
  }
}

function placed(order, b) {
  done = true;
  keepOrderToken(order.id, order.order_token || orderToken(order.id));
  if (order.status === 'AWAITING_PAYMENT') {
    cart = { ...cart, key: null, secret: null, pending: null, placed: { id: order.id, body: b }, payError: null };
    save();
    location.assign(`/o/${order.id}/pay`);
  } else {
    store.del(cartKey(rid));
    location.assign(`/o/${order.id}`);
  }
}

function openCart() {
  renderCart();
  if (!ui.cart.open) ui.cart.showModal();
}

// ---- the live menu ----

function liveMessage(msg) {
  if (msg.type === 'menu.ready' || msg.type === 'menu.changed') {
    loadMenu();
    if (msg.type === 'menu.ready') loadRestaurant();
  } else if (msg.type === 'menu.item_changed' && msg.item && items.has(msg.item.id)) {
    const item = items.get(msg.item.id);
    Object.assign(item, msg.item);
    menuText = JSON.stringify(menu);
    const old = ui.menu.querySelector(`[data-testid="menu-item"][data-item-id="${item.id}"]`);
    if (old) {
      const chosen = chosenNow();
      const had = old.contains(document.activeElement);
      const card = itemCard(item, chosen);
      old.replaceWith(card);
      if (had) (card.querySelector('button:not([disabled])') || card).focus();
    }
    renderCart();
    if (!orderable(item)) announce(ui.live, `${item.name}: ${item.sold_out ? t('menu.soldOut') : t('menu.unavailable')}`);
  }
}

// ---- start ----

// Back from the payment step may show this page from the back/forward cache, as it was when it
// left: read the cart again instead.
window.addEventListener('pageshow', (e) => { if (e.persisted) location.reload(); });
// Leaving (perhaps into that cache): close the live menu ourselves rather than have it cut.
window.addEventListener('pagehide', () => menuSocket.stop());

langSwitch($('lang-slot'));
onLang(() => { showRestaurant(); renderMenu(); renderCart(); });
ui.cartOpen.addEventListener('click', openCart);
ui.cartClose.addEventListener('click', () => ui.cart.close());
ui.form.addEventListener('submit', submit);
renderCart();

Promise.all([loadRestaurant(), loadMenu()]).then(async ([ok]) => {
  if (!ok) return;
  if (cart.payError) {
    openCart();
    say(ui.msg, t('cart.payFailed', { message: cart.payError }) + (cart.placed ? ' ' + t('cart.payAgain') : ''));
    ui.msg.dataset.testid = 'cart-problem';
    cart.payError = null;
    save();
  } else if (cart.pending) {
    // A reload (or a lost answer) while the order was being sent: send the same body again with the
    // same key and secret; the server answers with the order it made, if it made one.
    openCart();
    say(ui.msg, t('cart.resuming'), 'warn');
    await send(cart.pending);
  }
});

const menuSocket = connect({ path: `/ws/restaurants/${rid}/menu`, resume: false, onMessage: liveMessage });
