// The live order board: the open orders in four columns by status (new, accepted, preparing,
// ready), one tap per move, and the recent done and canceled orders on request. It draws from the
// app-wide feed (feed.js) and changes one card per message, never the whole board, so a new order
// is on screen within milliseconds of its message even with hundreds open.
import { h, fill, announce } from '/assets/shared/dom.js';
import { register, t, won, clock } from '/assets/shared/i18n.js';
import { ApiError } from '/assets/shared/api.js';
import messages from '../messages-board.js';

register(messages);

const OPEN = ['PLACED', 'ACCEPTED', 'PREPARING', 'READY'];
const DONE = ['COMPLETED', 'REJECTED', 'CANCELED'];
const QUICK = [10, 15, 20, 30];
const NEXT = { ACCEPTED: 'start', PREPARING: 'ready', READY: 'complete' };
const NEXT_KIND = { start: 'primary', ready: 'ok', complete: 'primary' };

const stats = window.__boardStats || (window.__boardStats = { chimes: 0 });

export function mount(ctx, el) {
  if (stats.mountAt === undefined) stats.mountAt = Math.round(performance.now());
  const feed = ctx.feed;
  const zone = (ctx.restaurant && ctx.restaurant.time_zone) || 'Asia/Seoul';
  const defaultPrep = (ctx.restaurant && ctx.restaurant.prep_minutes) || 15;
  const paidOnline = ctx.restaurant && ctx.restaurant.payment_mode === 'ONLINE';
  /** id -> {order, el, busy, phone, conflictTimer, erased} */
  const cards = new Map();
  const columns = {};
  const counts = {};
  const tabs = {};
  let rendered = false;
  let doneShown = false;

  const live = h('div', { class: 'visually-hidden', 'aria-live': 'polite' });
  const banner = h('p', { class: 'banner danger board-offline', 'data-testid': 'board-offline', role: 'alert', hidden: true });
  const shift = h('button', { type: 'button', class: 'shift', 'data-testid': 'start-shift', onclick: startShift });
  const doneToggle = h('button', { type: 'button', class: 'done-toggle', 'data-testid': 'show-done', 'aria-pressed': 'false', onclick: toggleDone });
  const tabBar = h('div', { class: 'board-tabs', role: 'group', 'aria-label': t('board.views') });
  for (const s of OPEN) {
    counts[s] = h('span', { class: 'count' }, '0');
    tabs[s] = h('button', { type: 'button', class: 'tab', 'data-testid': 'tab-' + s, 'aria-pressed': 'false', onclick: () => choose(s) },
      t('board.col.' + s), ' ', counts[s]);
    tabBar.append(tabs[s]);
  }
  const cols = h('div', { class: 'columns' });
  for (const s of OPEN) {
    const heading = 'col-' + s;
    columns[s] = {
      list: h('div', { class: 'cards' }),
      count: h('span', { class: 'count' }, '0'),
      empty: h('p', { class: 'empty muted' }, t('board.empty')),
    };
    cols.append(h('section', { class: 'column', 'data-column': s, 'aria-labelledby': heading },
      h('h2', { id: heading }, t('board.col.' + s), ' ', columns[s].count),
      columns[s].empty, columns[s].list));
  }
  const doneList = h('div', { class: 'done-list cards', 'data-testid': 'done-list' });
  const doneSection = h('section', { class: 'done', 'aria-labelledby': 'col-done', hidden: true },
    h('h2', { id: 'col-done' }, t('board.col.done')), doneList);
  const dialog = h('dialog', { class: 'board-dialog', 'aria-labelledby': 'dialog-title' });
  const root = h('section', { class: 'board', 'data-testid': 'board', 'data-view': 'PLACED', 'aria-labelledby': 'board-title' },
    h('div', { class: 'board-bar' },
      h('h1', { id: 'board-title', class: 'visually-hidden' }, t('board.title')),
      shift, tabBar, doneToggle),
    banner, cols, doneSection, live, dialog);
  el.append(root);
  // The first Intl formatters of a page cost tens of milliseconds (locale and zone data): made
  // here, at load, rather than on the first new order's message.
  clock(Date.now(), zone);
  won(0);
  paintShift();
  paintDoneToggle();
  choose('PLACED');

  // ----- the feed -----

  function onMessage(msg, _feed, t0) {
    if (msg.type === 'connection') { paintConnection(msg.state); return; }
    if (msg.type === 'snapshot') { renderAll(); return; }
    if (!msg.order) return;
    const o = msg.order;
    const isNew = !cards.has(o.id) && OPEN.includes(o.status);
    if (msg.type === 'order.customer_erased') {
      const entry = cards.get(o.id);
      if (entry) { entry.erased = true; entry.phone = null; }
    }
    update(o);
    if (DONE.includes(o.status) && doneShown) addDone(o, true);
    if (isNew && (msg.type === 'order.created' || msg.type === 'order.paid')) {
      announce(live, t('board.newOrder', { number: o.number }));
    }
    const handled = performance.now();
    stats.lastMessageMs = round(handled - t0);
    stats.maxMessageMs = Math.max(stats.maxMessageMs || 0, stats.lastMessageMs);
    stats.lastOrderId = o.id;
    if (msg.committed_at) stats.lastLatencyMs = Date.now() - Date.parse(msg.committed_at);
    stats.lastPaintMs = null;
    requestAnimationFrame(() => { stats.lastPaintMs = round(performance.now() - t0); });
  }

  function paintConnection(state) {
    const bad = state === 'reconnecting' || state === 'offline' || state === 'stopped';
    banner.hidden = !bad;
    banner.textContent = state === 'stopped' ? t('board.stopped') : bad ? t('board.offline') : '';
    root.dataset.connection = state;
  }

  /** All cards from the feed's open orders: kept where unchanged, added, updated or removed. */
  function renderAll() {
    const t0 = performance.now();
    const wanted = feed.orders;
    for (const id of [...cards.keys()]) if (!wanted.has(id)) remove(id);
    const fresh = { PLACED: [], ACCEPTED: [], PREPARING: [], READY: [] };
    for (const o of wanted.values()) {
      if (!OPEN.includes(o.status)) continue;
      const entry = cards.get(o.id);
      if (entry) update(o, true);
      else fresh[o.status].push(o);
    }
    for (const s of OPEN) {
      if (!fresh[s].length) continue;
      fresh[s].sort(byAge(s));
      const frag = document.createDocumentFragment();
      const list = columns[s].list;
      if (list.children.length) {
        for (const o of fresh[s]) insert(create(o), s);
      } else {
        for (const o of fresh[s]) frag.append(create(o).el);
        list.append(frag);
      }
    }
    paintCounts();
    stats.cards = cards.size;
    stats.renderMs = round(performance.now() - t0);
    if (!rendered) {
      rendered = true;
      // Since the navigation started (performance.now()'s origin): sign-in, feed and all cards.
      stats.firstRenderAt = round(performance.now());
      stats.firstRenderCards = cards.size;
    }
  }

  function byAge(status) {
    // New orders newest first (an arrival is never below the fold); the kitchen's columns oldest
    // first, the order they are cooked in.
    return status === 'PLACED'
      ? (a, b) => Date.parse(b.created_at) - Date.parse(a.created_at)
      : (a, b) => Date.parse(a.created_at) - Date.parse(b.created_at);
  }

  function create(o) {
    const entry = { order: o, el: null, busy: false, phone: null, erased: false, conflictTimer: null };
    entry.el = h('article', { class: 'order-card', 'data-testid': 'order-card', 'data-order-id': o.id, 'data-status': o.status, 'aria-labelledby': 'num-' + o.id });
    entry.el.addEventListener('pointerdown', () => touch(entry));
    entry.el.addEventListener('focusin', () => touch(entry));
    cards.set(o.id, entry);
    paint(entry);
    return entry;
  }

  function insert(entry, status) {
    const list = columns[status].list;
    const cmp = byAge(status);
    let before = null;
    for (const child of list.children) {
      const other = cards.get(child.dataset.orderId);
      if (other && cmp(entry.order, other.order) < 0) { before = child; break; }
    }
    list.insertBefore(entry.el, before);
  }

  /** One order changed: its card alone is drawn again (and moved if its status changed). */
  function update(o, force = false) {
    const entry = cards.get(o.id);
    if (!OPEN.includes(o.status)) {
      if (entry && (force || o.version > entry.order.version)) remove(o.id);
      paintCounts();
      return;
    }
    if (!entry) {
      const created = create(o);
      insert(created, o.status);
      paintCounts();
      return;
    }
    if (!force && o.version <= entry.order.version) return;
    const moved = entry.order.status !== o.status;
    entry.order = o;
    paint(entry);
    if (moved) { insert(entry, o.status); paintCounts(); }
  }

  function remove(id) {
    const entry = cards.get(id);
    if (!entry) return;
    clearTimeout(entry.conflictTimer);
    entry.el.remove();
    cards.delete(id);
  }

  function paintCounts() {
    for (const s of OPEN) {
      const n = columns[s].list.children.length;
      columns[s].count.textContent = String(n);
      counts[s].textContent = String(n);
      columns[s].empty.hidden = n > 0;
    }
    stats.cards = cards.size;
  }

  // ----- one card -----

  function paint(entry) {
    const o = entry.order;
    const card = entry.el;
    card.dataset.status = o.status;
    card.classList.toggle('fresh', feed.unseen.has(o.id));
    card.classList.toggle('busy', entry.busy);
    const c = o.customer || {};
    const phoneShown = entry.phone || c.phone_masked || mask(c.phone);
    fill(card,
      h('header', { class: 'card-head' },
        h('h3', { class: 'num', id: 'num-' + o.id }, o.number,
          h('span', { class: 'visually-hidden' }, ' · ' + t('status.' + o.status))),
        h('span', { class: 'tag ful' }, t('card.' + o.fulfillment)),
        o.table ? h('span', { class: 'tag table' }, t('card.table', { table: o.table })) : null,
        h('span', { class: 'timer', 'data-testid': 'order-timer' })),
      h('p', { class: 'age' }),
      h('ul', { class: 'items' }, (o.items || []).map((line) => h('li', {},
        h('span', { class: 'qty' }, line.quantity + '×'), ' ', line.name,
        line.options && line.options.length ? h('span', { class: 'opts' }, ' · ' + line.options.map((x) => x.name).join(', ')) : null))),
      o.note ? h('p', { class: 'note' }, h('strong', {}, t('card.note')), ' ', o.note) : null,
      c.name || phoneShown
        ? h('p', { class: 'customer' },
          h('span', { class: 'visually-hidden' }, t('card.customer') + ' '),
          c.name ? h('span', { class: 'cname' }, c.name) : null,
          phoneShown ? h('span', { class: 'phone', 'data-testid': 'customer-phone' },
            entry.phone ? h('a', { href: 'tel:' + entry.phone.replace(/[^\d+]/g, '') }, entry.phone) : phoneShown) : null,
          phoneShown && !entry.phone ? h('button', {
            type: 'button', class: 'link reveal', 'data-testid': 'reveal-phone',
            'aria-label': t('card.revealLabel', { number: o.number }), onclick: () => reveal(entry),
          }, t('card.reveal')) : null)
        : entry.erased ? h('p', { class: 'customer muted' }, t('card.erased')) : null,
      o.reason ? h('p', { class: 'reason muted' }, t('card.reason', { reason: o.reason })) : null,
      h('p', { class: 'conflict', 'data-testid': 'card-conflict', role: 'alert', hidden: !entry.conflictTimer },
        entry.conflictTimer ? t('card.conflict') : ''),
      h('div', { class: 'card-foot' },
        h('span', { class: 'money total' }, won(o.total)),
        actions(entry)));
    entry.agePainted = null;
    entry.timerEl = card.querySelector('.timer');
    entry.ageEl = card.querySelector('.age');
    tick(entry, Date.now());
  }

  function actions(entry) {
    const o = entry.order;
    const dis = entry.busy;
    const label = (key, params) => t(key, params);
    if (o.status === 'PLACED') {
      const prep = defaultPrep;
      return h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', 'data-testid': 'action-accept', disabled: dis,
          onclick: () => move(entry, 'accept', { prep_minutes: prep }) }, label('action.accept', { m: prep })),
        h('span', { class: 'quick', role: 'group', 'aria-label': t('action.acceptOther') },
          QUICK.filter((m) => m !== prep).map((m) => h('button', {
            type: 'button', class: 'q', 'data-testid': 'accept-' + m, disabled: dis,
            onclick: () => move(entry, 'accept', { prep_minutes: m }),
          }, t('action.acceptIn', { m })))),
        h('button', { type: 'button', class: 'danger', 'data-testid': 'action-reject', disabled: dis,
          onclick: () => askReject(entry) }, label('action.reject')));
    }
    const next = NEXT[o.status];
    return h('div', { class: 'actions' },
      next ? h('button', { type: 'button', class: NEXT_KIND[next], 'data-testid': 'action-' + next, disabled: dis,
        onclick: () => move(entry, next, {}) }, label('action.' + next)) : null,
      h('button', { type: 'button', class: 'danger subtle', 'data-testid': 'action-cancel', disabled: dis,
        onclick: () => askCancel(entry) }, label('action.cancel')));
  }

  function touch(entry) {
    if (!feed.unseen.has(entry.order.id)) return;
    feed.seen(entry.order.id);
    entry.el.classList.remove('fresh');
  }

  /** The timer of the card's current stage and its age; amber near, red past the prep time. */
  function tick(entry, now) {
    const o = entry.order;
    const timer = entry.timerEl;
    const age = entry.ageEl;
    if (!timer) return;
    const created = Date.parse(o.created_at);
    const since = Date.parse(o.updated_at || o.created_at);
    const prepMs = (o.prep_minutes || defaultPrep) * 60_000;
    const deadline = o.ready_by ? Date.parse(o.ready_by) : created + prepMs;
    let level = 'ok';
    if (o.status !== 'READY' && OPEN.includes(o.status)) {
      if (now > deadline) level = 'late';
      else if (now > deadline - Math.max(120_000, prepMs / 4)) level = 'warn';
    }
    const text = elapsed(now - since);
    const levelText = level === 'late' ? t('card.late') : level === 'warn' ? t('card.soon') : '';
    const full = levelText ? text + ' · ' + levelText : text;
    if (timer.textContent !== full) {
      timer.textContent = full;
      timer.dataset.level = level;
      timer.title = t('card.stage', { time: text });
    }
    const minutes = Math.floor((now - created) / 60_000);
    if (entry.ageMinutes === minutes && entry.agePainted === o) return;
    entry.ageMinutes = minutes;
    entry.agePainted = o;
    let ageText = (minutes < 1 ? t('card.ageNow') : t('card.age', { m: minutes })) + ' · ' + clock(o.created_at, zone);
    if (o.ready_by && (o.status === 'ACCEPTED' || o.status === 'PREPARING')) ageText += ' · ' + t('card.readyBy', { time: clock(o.ready_by, zone) });
    age.textContent = ageText;
  }

  const ticker = setInterval(() => {
    const now = Date.now();
    for (const entry of cards.values()) tick(entry, now);
  }, 1000);

  // ----- moves -----

  async function move(entry, action, body) {
    if (entry.busy) return;
    const id = entry.order.id;
    touch(entry);
    setBusy(entry, true);
    try {
      const o = await ctx.api.post(`/restaurants/me/orders/${id}/${action}`, body, { ifMatch: entry.order.version });
      const hadFocus = entry.el.contains(document.activeElement);
      if (o && o.id) { feed.apply(o); update(o); }
      // A keyboard user keeps their place: on the card's next move, or the board when it left.
      if (hadFocus && !entry.el.contains(document.activeElement)) {
        const still = cards.get(id);
        const next = still && still.el.querySelector('.actions button');
        if (next) next.focus(); else el.focus();
      }
      if (action === 'accept') announce(live, t('done.accepted', { number: entry.order.number }));
    } catch (e) {
      if (e instanceof ApiError && e.isConflict) await conflict(id);
      else ctx.reportError(e);
    } finally {
      const still = cards.get(id);
      if (still) setBusy(still, false);
    }
  }

  function setBusy(entry, busy) {
    entry.busy = busy;
    entry.el.classList.toggle('busy', busy);
    entry.el.setAttribute('aria-busy', busy ? 'true' : 'false');
    for (const b of entry.el.querySelectorAll('.actions button')) b.disabled = busy;
  }

  /** Someone else moved the order first: say so, and show what is true now. */
  async function conflict(id) {
    ctx.toast(t('card.conflict'), 'danger', 5000);
    let fresh = null;
    try { fresh = await ctx.api.get(`/orders/${id}`); } catch (e) { ctx.reportError(e); }
    if (fresh && fresh.id) {
      feed.apply(fresh);
      update(fresh, true);
    }
    const now = cards.get(id);
    if (now) {
      clearTimeout(now.conflictTimer);
      now.conflictTimer = setTimeout(() => { now.conflictTimer = null; if (cards.get(id) === now) paint(now); }, 8000);
      paint(now);
    }
  }

  async function reveal(entry) {
    const o = entry.order;
    touch(entry);
    if (o.customer && o.customer.phone) {
      // A server that still sends the number itself (before the recorded reveal) needs no call.
      entry.phone = o.customer.phone;
    } else {
      try {
        const r = await ctx.api.request('POST', `/restaurants/me/orders/${o.id}/customer/phone`);
        entry.phone = r && r.phone ? r.phone : null;
      } catch (e) {
        ctx.reportError(e);
        return;
      }
    }
    if (!entry.phone) return;
    paint(entry);
    const link = entry.el.querySelector('.phone a');
    if (link) link.focus();
  }

  // ----- reject and cancel ask first -----

  function openDialog(title, body, confirmText, onConfirm) {
    const error = h('p', { class: 'error-text', role: 'alert' });
    const confirm = h('button', { type: 'submit', class: 'danger', 'data-testid': 'dialog-confirm' }, confirmText);
    const form = h('form', { method: 'dialog', class: 'stack' },
      h('h2', { id: 'dialog-title' }, title), body, error,
      h('div', { class: 'row end' },
        h('button', { type: 'button', 'data-testid': 'dialog-close', onclick: () => dialog.close() }, t('dialog.close')),
        confirm));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const problem = onConfirm();
      if (problem) { error.textContent = problem; return; }
      dialog.close();
    });
    fill(dialog, form);
    dialog.showModal();
  }

  function reasonField(name, choices, fallback) {
    const other = h('input', { id: name + '-other', 'data-testid': name + '-other', maxlength: '500', 'aria-label': t('reject.other') });
    const radios = choices.map((c, i) => h('label', { class: 'choice' },
      h('input', { type: 'radio', name, value: c, 'data-testid': `${name}-${i}`, checked: i === 0 }), ' ', c));
    const box = h('fieldset', { class: 'reasons' }, h('legend', {}, t(name === 'reject-reason' ? 'reject.reason' : 'cancel.reason')),
      radios,
      h('label', { class: 'choice' }, h('input', { type: 'radio', name, value: '', 'data-testid': `${name}-other-choice` }), ' ', t('reject.other')),
      other);
    other.addEventListener('input', () => { box.querySelector(`[data-testid=${name}-other-choice]`).checked = true; });
    const value = () => {
      const chosen = box.querySelector(`input[name=${name}]:checked`);
      const v = chosen && chosen.value ? chosen.value : other.value.trim();
      return v || fallback || '';
    };
    return { box, value };
  }

  function askReject(entry) {
    touch(entry);
    const o = entry.order;
    const field = reasonField('reject-reason', [t('reject.soldOut'), t('reject.busy'), t('reject.closing')]);
    openDialog(t('reject.title', { number: o.number }), field.box, t('reject.confirm'), () => {
      const reason = field.value();
      if (!reason) return t('dialog.needReason');
      move(entry, 'reject', { reason });
      return null;
    });
  }

  function askCancel(entry) {
    touch(entry);
    const o = entry.order;
    const paid = paidOnline || (o.payment && o.payment.status);
    const amount = o.payment && typeof o.payment.balance === 'number' ? o.payment.balance : o.total;
    const refund = h('p', { class: paid ? 'banner warn' : 'banner', 'data-testid': 'cancel-refund' },
      paid ? t('cancel.refund', { amount: won(amount) }) : t('cancel.noRefund', { amount: won(o.total) }));
    const field = reasonField('cancel-reason', [t('cancel.defaultReason'), t('reject.soldOut')]);
    openDialog(t('cancel.title', { number: o.number }), [refund, field.box], t('cancel.confirm'), () => {
      const reason = field.value();
      if (!reason) return t('dialog.needReason');
      move(entry, 'cancel', { reason });
      return null;
    });
  }

  // ----- the bar: sound, phone tabs, done orders -----

  function startShift() {
    feed.unlockSound();
    paintShift();
  }

  function paintShift() {
    shift.textContent = feed.soundOn ? t('board.soundOn') : t('board.startShift');
    shift.setAttribute('aria-pressed', feed.soundOn ? 'true' : 'false');
    shift.classList.toggle('primary', !feed.soundOn);
    shift.title = t('board.soundHint');
  }

  function choose(status) {
    root.dataset.view = status;
    for (const s of OPEN) tabs[s].setAttribute('aria-pressed', s === status ? 'true' : 'false');
  }

  function paintDoneToggle() {
    doneToggle.textContent = doneShown ? t('board.hideDone') : t('board.showDone');
    doneToggle.setAttribute('aria-pressed', doneShown ? 'true' : 'false');
  }

  async function toggleDone() {
    doneShown = !doneShown;
    paintDoneToggle();
    cols.hidden = doneShown;
    tabBar.hidden = doneShown;
    doneSection.hidden = !doneShown;
    if (!doneShown) { doneList.replaceChildren(); return; }
    fill(doneList, h('p', { class: 'muted' }, t('board.loadingDone')));
    try {
      const page = await ctx.api.get('/restaurants/me/orders?status=' + DONE.join(',') + '&limit=50');
      if (!doneShown) return;
      doneList.replaceChildren();
      for (const o of page.data || []) addDone(o, false);
      if (!doneList.children.length) fill(doneList, h('p', { class: 'muted' }, t('board.doneEmpty')));
    } catch (e) {
      ctx.reportError(e);
    }
  }

  function addDone(o, first) {
    const old = doneList.querySelector(`[data-order-id="${o.id}"]`);
    if (old) old.remove();
    const placeholder = doneList.querySelector('p.muted');
    if (placeholder) placeholder.remove();
    const card = h('article', { class: 'order-card done-card', 'data-testid': 'order-card', 'data-order-id': o.id, 'data-status': o.status, 'aria-labelledby': 'done-' + o.id },
      h('header', { class: 'card-head' },
        h('h3', { class: 'num', id: 'done-' + o.id }, o.number),
        h('span', { class: 'tag state' }, t('status.' + o.status)),
        h('span', { class: 'tag ful' }, t('card.' + o.fulfillment)),
        o.table ? h('span', { class: 'tag table' }, t('card.table', { table: o.table })) : null),
      h('p', { class: 'age' }, clock(o.updated_at || o.created_at, zone)),
      h('ul', { class: 'items' }, (o.items || []).map((l) => h('li', {}, h('span', { class: 'qty' }, l.quantity + '×'), ' ', l.name))),
      o.reason ? h('p', { class: 'reason muted' }, t('card.reason', { reason: o.reason })) : null,
      h('div', { class: 'card-foot' }, h('span', { class: 'money total' }, won(o.total))));
    if (first) doneList.prepend(card); else doneList.append(card);
  }

  // ----- start -----

  const unsubscribe = feed ? feed.subscribe(onMessage) : () => {};
  if (feed) {
    paintConnection(feed.state);
    if (feed.ready) renderAll();
    feed.paintBadge();
  }

  return () => {
    unsubscribe();
    clearInterval(ticker);
    for (const entry of cards.values()) clearTimeout(entry.conflictTimer);
    if (dialog.open) dialog.close();
  };
}

function elapsed(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

function mask(phone) {
  if (!phone) return null;
  const parts = phone.split('-');
  if (parts.length < 2) return phone.replace(/\d(?=\d{4})/g, '*');
  return parts.map((p, i) => (i === 0 && parts.length > 2) || i === parts.length - 1 ? p : p.replace(/\d/g, '*')).join('-');
}

function round(ms) {
  return Math.round(ms * 10) / 10;
}
