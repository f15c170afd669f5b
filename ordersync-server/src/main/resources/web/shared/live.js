// The live socket every page uses (API.md, WebSocket): the credential in a first message (never in
// the URL, so never in a log), resume by the last event id after any drop, reconnect with capped,
// jittered backoff, and a state the page shows. One place for all of it, so the board and the
// guest's order page cannot differ in how they survive a sleeping phone or a restarted server.

export const State = Object.freeze({
  CONNECTING: 'connecting',
  LIVE: 'live',
  RECONNECTING: 'reconnecting',
  OFFLINE: 'offline',
  STOPPED: 'stopped',
});

// Close codes after which reconnecting cannot help until something else changes.
const FINAL = new Set([4400, 4403, 4404, 1002, 1007, 1009]);

/**
 * @param {object} o
 * @param {string} o.path the socket's path, e.g. /ws/restaurants/me/orders
 * @param {() => Promise<string|null>} [o.token] the credential for the auth message (renewed on 4401)
 * @param {(msg: object) => void} o.onMessage every server message, in order
 * @param {(state: string, detail?: object) => void} [o.onState]
 * @param {boolean} [o.resume=true] send last_event_id (or last_seq) on reconnect
 * @param {string} [o.seqField] the message field holding the position (feed_seq, seq) for last_seq
 * @param {(code: number, reason?: string) => void} [o.onFinal] the socket gave up (4401 after a
 *     failed renewal, 4403, 4404, a protocol error)
 */
export function connect(o) {
  const live = new LiveSocket(o);
  live.open();
  return live;
}

class LiveSocket {
  constructor({ path, token, onMessage, onState, resume = true, onFinal, seqField = null }) {
    this.seqField = seqField;
    this.lastSeq = null;
    this.path = path;
    this.tokenFn = token || null;
    this.onMessage = onMessage;
    this.onState = onState || (() => {});
    this.onFinal = onFinal || (() => {});
    this.resume = resume;
    this.lastEventId = null;
    this.attempt = 0;
    this.ws = null;
    this.timer = null;
    this.stopped = false;
    this.state = null;
    this.renewToken = false;
    this.wake = () => this.reconnectNow();
    window.addEventListener('online', this.wake);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.checkAlive();
    });
  }

  setState(s, detail) {
    if (this.state === s) return;
    this.state = s;
    this.onState(s, detail);
  }

  url() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    let q = '';
    if (this.resume && this.lastEventId) q = '?last_event_id=' + encodeURIComponent(this.lastEventId);
    else if (this.resume && this.lastSeq !== null) q = '?last_seq=' + this.lastSeq;
    return `${scheme}//${location.host}${this.path}${q}`;
  }

  async open() {
    if (this.stopped) return;
    this.setState(this.attempt === 0 ? State.CONNECTING : State.RECONNECTING);
    let token = null;
    if (this.tokenFn) {
      try {
        token = await this.tokenFn(this.renewToken);
      } catch (e) {
        this.renewToken = false;
        if (e && (e.status === 401 || e.status === 403)) {
          this.stop();
          this.onFinal(4401);
          return;
        }
        this.later();
        return;
      }
      this.renewToken = false;
    }
    let ws;
    try {
      ws = new WebSocket(this.url());
    } catch {
      this.later();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      if (token) ws.send(JSON.stringify({ type: 'auth', token }));
    };
    ws.onmessage = (ev) => {
      let msg;
      try { msg = JSON.parse(ev.data); } catch { return; }
      if (this.state !== State.LIVE) {
        this.attempt = 0;
        this.setState(State.LIVE);
      }
      if (msg.type === 'reload') {
        this.lastEventId = null;
        this.lastSeq = null;
      }
      if (msg.event_id) this.lastEventId = msg.event_id;
      if (this.seqField && typeof msg[this.seqField] === 'number') this.lastSeq = msg[this.seqField];
      this.onMessage(msg);
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.stopped) return;
      if (FINAL.has(ev.code)) {
        this.stop();
        this.onFinal(ev.code, ev.reason);
        return;
      }
      if (ev.code === 4401) this.renewToken = true;
      let wait = null;
      if (ev.code === 4429) {
        const s = parseInt((ev.reason || '').replace(/\D+/g, ' ').trim().split(' ')[0], 10);
        if (s > 0) wait = s * 1000;
      }
      this.later(wait);
    };
  }

  later(wait) {
    if (this.stopped) return;
    this.setState(navigator.onLine === false ? State.OFFLINE : State.RECONNECTING);
    this.attempt += 1;
    const base = Math.min(10_000, 500 * 2 ** Math.min(this.attempt - 1, 5));
    const delay = wait ?? base / 2 + Math.random() * base / 2;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.open(), delay);
  }

  /** After the phone wakes or the network returns: try at once instead of waiting out a backoff. */
  reconnectNow() {
    if (this.stopped || this.ws) return;
    clearTimeout(this.timer);
    this.open();
  }

  checkAlive() {
    if (!this.ws || this.ws.readyState > 1) this.reconnectNow();
  }

  /** Forget where we were: the next connect starts from a fresh snapshot. */
  restart() {
    this.lastEventId = null;
    this.lastSeq = null;
    if (this.ws) this.ws.close(1000);
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    window.removeEventListener('online', this.wake);
    if (this.ws) {
      const ws = this.ws;
      this.ws = null;
      ws.close(1000);
    }
    this.setState(State.STOPPED);
  }
}
