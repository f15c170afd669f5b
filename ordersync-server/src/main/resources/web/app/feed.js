// The restaurant's live order feed for the whole shift (/ws/restaurants/me/orders): one socket
// while signed in, whatever screen is shown, resumed by last_event_id after every drop. Screens
// subscribe to its orders; the connection state is always in the top bar. New orders are the
// feed's business, not the board's: they chime (once the shift's sound is unlocked by a tap) and
// count on the board's navigation link on every screen, until someone touches their card.
import { connect } from '/assets/shared/live.js';
import { t, onLang, register } from '/assets/shared/i18n.js';
import messages from './messages-board.js';

register(messages);

const REMIND_MS = 30_000;
const OPEN = ['PLACED', 'ACCEPTED', 'PREPARING', 'READY'];

/**
 * @returns {{orders: Map<string, object>, unseen: Set<string>, subscribe(f): () => void,
 *   stop(): void, state: string, ready: boolean, apply(order): boolean, seen(id): void,
 *   unlockSound(): boolean, soundOn: boolean, paintBadge(): void}}
 */
export function startFeed(ctx, statusEl) {
  const orders = new Map();
  const unseen = new Set();
  const listeners = new Set();
  let audio = null;
  let lastChime = 0;
  let snapshots = 0;
  const stats = window.__boardStats || (window.__boardStats = { chimes: 0 });
  stats.feedStartAt = Math.round(performance.now());

  const feed = {
    orders,
    unseen,
    state: 'connecting',
    ready: false,
    soundOn: false,
    subscribe(f) { listeners.add(f); return () => listeners.delete(f); },
    stop() { socket.stop(); clearInterval(reminder); },
    /** Keeps an order if it is newer than the one held (a move's answer and its event may cross). */
    apply(order) {
      const held = orders.get(order.id);
      if (held && held.version >= order.version) return false;
      if (OPEN.includes(order.status)) orders.set(order.id, order);
      else { orders.delete(order.id); if (unseen.delete(order.id)) feed.paintBadge(); return true; }
      // Moved on by someone (here or on another device): it is no longer waiting to be noticed.
      if (held && held.status !== order.status && unseen.delete(order.id)) feed.paintBadge();
      return true;
    },
    /** Someone touched the order's card: it stops being new. */
    seen(id) {
      if (unseen.delete(id)) feed.paintBadge();
    },
    /** Called inside a tap (autoplay rules): creates or resumes the audio context. */
    unlockSound() {
      try {
        const AC = window.AudioContext || window.webkitAudioContext;
        if (!AC) return false;
        if (!audio) audio = new AC();
        if (audio.state === 'suspended') audio.resume();
        feed.soundOn = true;
        chime(true);
        return true;
      } catch {
        return false;
      }
    },
    paintBadge() {
      const link = document.querySelector('[data-testid=nav-board]');
      if (!link) return;
      let badge = link.querySelector('.nav-badge');
      let said = link.querySelector('.nav-badge-text');
      const n = unseen.size;
      if (!n) { if (badge) badge.remove(); if (said) said.remove(); return; }
      if (!badge) {
        badge = document.createElement('span');
        badge.className = 'nav-badge';
        badge.dataset.testid = 'board-badge';
        badge.setAttribute('aria-hidden', 'true');
        said = document.createElement('span');
        said.className = 'visually-hidden nav-badge-text';
        link.append(badge, said);
      }
      badge.textContent = String(n);
      said.textContent = ' (' + t('board.newCount', { n }) + ')';
    },
  };

  /** Two soft notes from oscillators (no audio file): loud enough for a kitchen, not a siren. */
  function chime(force = false) {
    const now = Date.now();
    if (!force) {
      if (now - lastChime < 1500) return;
      lastChime = now;
    }
    if (!audio || audio.state === 'closed') return;
    stats.chimes = (stats.chimes || 0) + 1;
    const start = audio.currentTime + 0.01;
    for (const [i, freq] of [[0, 880], [1, 1318.5]]) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      const at = start + i * 0.18;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.4, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.6);
      osc.connect(gain).connect(audio.destination);
      osc.start(at);
      osc.stop(at + 0.65);
    }
  }

  // An order nobody has touched yet keeps reminding, so a busy kitchen cannot miss it.
  const reminder = setInterval(() => {
    for (const id of unseen) {
      const o = orders.get(id);
      if (o && o.status === 'PLACED') { chime(); return; }
    }
  }, REMIND_MS);

  const show = () => {
    statusEl.dataset.state = feed.state;
    statusEl.textContent = t('conn.' + feed.state);
  };
  onLang(() => { show(); feed.paintBadge(); });
  const emit = (msg, t0) => { for (const f of listeners) f(msg, feed, t0); };
  const socket = connect({
    path: '/ws/restaurants/me/orders',
    seqField: 'feed_seq',
    token: async (renew) => {
      const before = ctx.api.accessToken;
      const token = renew ? await ctx.api.renew().then(() => ctx.api.accessToken) : await ctx.api.token();
      if (token !== before) stats.renewals = (stats.renewals || 0) + 1;
      return token;
    },
    onState: (s) => { feed.state = s; show(); emit({ type: 'connection', state: s }, performance.now()); },
    onMessage: (msg) => {
      const t0 = performance.now();
      let fresh = false;
      if (msg.type === 'snapshot') {
        if (!snapshots) stats.snapshotAt = Math.round(t0);
        const before = new Set(orders.keys());
        orders.clear();
        for (const o of msg.orders || []) {
          orders.set(o.id, o);
          // The first snapshot's new orders wait for someone; a later one (after a reload) also
          // brings what was placed while the board could not hear.
          if (!before.has(o.id) && (snapshots > 0 || o.status === 'PLACED')) {
            unseen.add(o.id);
            if (snapshots > 0) fresh = true;
          }
        }
        for (const id of [...unseen]) if (!orders.has(id)) unseen.delete(id);
        snapshots += 1;
        feed.ready = true;
      } else if (msg.order) {
        const known = orders.has(msg.order.id);
        const terminal = !OPEN.includes(msg.order.status);
        feed.apply(msg.order);
        if (terminal) {
          orders.delete(msg.order.id);
          if (unseen.delete(msg.order.id)) feed.paintBadge();
        }
        if (!known && !terminal && (msg.type === 'order.created' || msg.type === 'order.paid')) {
          unseen.add(msg.order.id);
          fresh = true;
        }
      }
      if (fresh) { chime(); feed.paintBadge(); }
      emit(msg, t0);
    },
    onFinal: () => { feed.state = 'stopped'; show(); emit({ type: 'connection', state: 'stopped' }, performance.now()); },
  });
  show();
  return feed;
}
