// The restaurant's live order feed for the whole shift (/ws/restaurants/me/orders): one socket
// while signed in, whatever screen is shown, resumed by last_event_id after every drop. Screens
// subscribe to its orders; the connection state is always in the top bar.
import { connect } from '/assets/shared/live.js';
import { t, onLang } from '/assets/shared/i18n.js';

/**
 * @returns {{orders: Map<string, object>, subscribe(f): () => void, stop(): void, state: string}}
 */
export function startFeed(ctx, statusEl) {
  const orders = new Map();
  const listeners = new Set();
  const feed = {
    orders,
    state: 'connecting',
    subscribe(f) { listeners.add(f); return () => listeners.delete(f); },
    stop() { socket.stop(); },
  };
  const show = () => {
    statusEl.dataset.state = feed.state;
    statusEl.textContent = t('conn.' + feed.state);
  };
  onLang(show);
  const emit = (msg) => { for (const f of listeners) f(msg, feed); };
  const socket = connect({
    path: '/ws/restaurants/me/orders',
    seqField: 'feed_seq',
    token: (renew) => (renew ? ctx.api.renew().then(() => ctx.api.accessToken) : ctx.api.token()),
    onState: (s) => { feed.state = s; show(); emit({ type: 'connection', state: s }); },
    onMessage: (msg) => {
      if (msg.type === 'snapshot') {
        orders.clear();
        for (const o of msg.orders || []) orders.set(o.id, o);
      } else if (msg.order) {
        orders.set(msg.order.id, msg.order);
      }
      emit(msg);
    },
    onFinal: () => { feed.state = 'stopped'; show(); },
  });
  show();
  return feed;
}
