// Sales: today's settlement (in the restaurant's time zone), the last 30 days as a bar chart of
// net sales, drawn as SVG by DOM calls, with a table of the same numbers for screen readers and
// anyone who wants the figures, and the analytics of those 30 days (every order, counter ones too).
// The range read is one call when the server has it, else per day.
import { h, fill } from '/assets/shared/dom.js';
import { register, t, won, lang } from '/assets/shared/i18n.js';
import { ApiError } from '/assets/shared/api.js';
import { head, section, isoDate } from '../bo.js';

register({
  ko: {
    'sales.title': '매출',
    'sales.today': '오늘 정산 ({date})',
    'sales.gross': '결제 금액', 'sales.refunds': '환불', 'sales.fee': '수수료', 'sales.net': '정산 금액',
    'sales.payments': '결제 {n}건 · 환불 {m}건',
    'sales.method': '결제 수단', 'sales.count': '건수',
    'sales.noMethods': '오늘은 온라인 결제가 없습니다. 매장 결제는 여기에 잡히지 않습니다.',
    'sales.days': '최근 30일 정산 금액',
    'sales.chartLabel': '최근 30일 일별 정산 금액 막대 그래프. 최고 {max}, 합계 {sum}. 아래 표에 같은 숫자가 있습니다.',
    'sales.table': '표로 보기',
    'sales.date': '날짜',
    'sales.total': '30일 합계',
    'sales.analytics': '최근 30일 분석 (매장 결제 포함)',
    'sales.orders': '주문', 'sales.aGross': '총매출', 'sales.aNet': '순매출', 'sales.aov': '객단가',
    'sales.rates': '취소율 {c} · 거절율 {r}',
    'sales.top': '많이 팔린 메뉴', 'sales.item': '메뉴', 'sales.qty': '수량', 'sales.revenue': '매출',
    'sales.noItems': '판매된 메뉴가 없습니다.',
    'sales.stages': '접수까지 평균 {a}초 (90% {p}초) · 조리 평균 {b}초 (90% {q}초)',
  },
  en: {
    'sales.title': 'Sales',
    'sales.today': 'Today\'s settlement ({date})',
    'sales.gross': 'Gross', 'sales.refunds': 'Refunds', 'sales.fee': 'Fees', 'sales.net': 'Net',
    'sales.payments': '{n} payments · {m} refunds',
    'sales.method': 'Method', 'sales.count': 'Payments',
    'sales.noMethods': 'No online payments today. Payments at the counter are not counted here.',
    'sales.days': 'Net sales, last 30 days',
    'sales.chartLabel': 'Bar chart of net sales per day over the last 30 days. Highest {max}, total {sum}. The table below has the same numbers.',
    'sales.table': 'Show as a table',
    'sales.date': 'Date',
    'sales.total': '30-day total',
    'sales.analytics': 'Last 30 days (counter payments included)',
    'sales.orders': 'Orders', 'sales.aGross': 'Gross', 'sales.aNet': 'Net', 'sales.aov': 'Average order',
    'sales.rates': 'Canceled {c} · rejected {r}',
    'sales.top': 'Best sellers', 'sales.item': 'Item', 'sales.qty': 'Sold', 'sales.revenue': 'Revenue',
    'sales.noItems': 'Nothing sold yet.',
    'sales.stages': 'To accept: {a} s on average (90%: {p} s) · cooking: {b} s (90%: {q} s)',
  },
});

const SVG = 'http://www.w3.org/2000/svg';
const svg = (tag, attrs = {}, ...kids) => {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...kids);
  return el;
};

export async function mount(ctx, el) {
  const { api } = ctx;
  const zone = ctx.restaurant.time_zone || 'Asia/Seoul';
  const today = isoDate(new Date(), zone);
  const dates = [];
  for (let i = 29; i >= 0; i--) {
    // Noon UTC of each calendar day counted back from today's date keeps clear of zone edges.
    const d = new Date(Date.parse(today + 'T12:00:00Z') - i * 86_400_000);
    dates.push(d.toISOString().slice(0, 10));
  }
  const [todays, days, analytics] = await Promise.all([
    api.get('/restaurants/me/settlements?date=' + today),
    lastDays(api, dates),
    analyticsOf(api, dates[0], today),
  ]);
  fill(el, head(t('sales.title')), h('div', { class: 'stack' }, todayCard(todays), chartCard(days),
    analytics ? analyticsCard(analytics) : null));
}

/** The analytics of the range; null on a server without them (404), so the screen still shows. */
async function analyticsOf(api, from, to) {
  try {
    return await api.get(`/restaurants/me/analytics?from=${from}&to=${to}&granularity=day`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

function analyticsCard(a) {
  const pct = (r) => `${(Number(r) * 100).toFixed(1)}%`;
  const sec = (v) => (v == null ? '-' : String(v));
  const kv = (k, v, testid) => h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, t(k)), h('strong', { class: 'money', 'data-testid': testid }, v));
  const s = a.stage_seconds || {};
  const pa = s.placed_to_accepted || {};
  const ar = s.accepted_to_ready || {};
  const top = (a.top_items || []).slice(0, 5);
  return section(t('sales.analytics'),
    h('div', { class: 'stats', 'data-testid': 'sales-analytics' },
      kv('sales.orders', String(a.orders), 'analytics-orders'),
      kv('sales.aGross', won(a.revenue.gross), 'analytics-gross'),
      kv('sales.refunds', won(a.revenue.refunds), 'analytics-refunds'),
      kv('sales.aNet', won(a.revenue.net), 'analytics-net'),
      kv('sales.aov', won(a.average_order_value), 'analytics-aov')),
    h('p', { class: 'hint' }, t('sales.rates', { c: pct(a.cancel_rate), r: pct(a.reject_rate) })),
    h('p', { class: 'hint' }, t('sales.stages', { a: sec(pa.avg), p: sec(pa.p90), b: sec(ar.avg), q: sec(ar.p90) })),
    top.length
      ? h('table', { class: 'bo-table', 'data-testid': 'analytics-top-items' },
        h('caption', {}, t('sales.top')),
        h('thead', {}, h('tr', {}, ['sales.item', 'sales.qty', 'sales.revenue'].map((k, i) => h('th', { scope: 'col', class: i ? 'num' : null }, t(k))))),
        h('tbody', {}, top.map((i) => h('tr', {}, h('th', { scope: 'row' }, i.name), h('td', { class: 'num' }, i.count), h('td', { class: 'num money' }, won(i.revenue))))))
      : h('p', { class: 'muted' }, t('sales.noItems')));
}

/** The range read (one call); a server without it answers one day, so fall back to 30 reads, 6 at a time. */
async function lastDays(api, dates) {
  const r = await api.get(`/restaurants/me/settlements?from=${dates[0]}&to=${dates[dates.length - 1]}`);
  if (r && Array.isArray(r.days)) {
    const by = new Map(r.days.map((d) => [d.date, { ...d, fee: d.fee ?? d.fees ?? 0 }]));
    return dates.map((d) => by.get(d) || { date: d, gross: 0, refunds: 0, fee: 0, net: 0 });
  }
  const out = new Array(dates.length);
  let next = 0;
  const worker = async () => {
    while (next < dates.length) {
      const i = next++;
      out[i] = await api.get('/restaurants/me/settlements?date=' + dates[i]);
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return out;
}

function todayCard(s) {
  const kv = (k, v, testid) => h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, t(k)), h('strong', { class: 'money', 'data-testid': testid }, won(v)));
  return section(t('sales.today', { date: s.date }),
    h('div', { class: 'stats', 'data-testid': 'settlement-today' },
      kv('sales.gross', s.gross, 'sales-gross'), kv('sales.refunds', s.refunds, 'sales-refunds'), kv('sales.fee', s.fee, 'sales-fee'), kv('sales.net', s.net, 'sales-net')),
    h('p', { class: 'hint' }, t('sales.payments', { n: s.payment_count, m: s.refund_count })),
    s.methods && s.methods.length
      ? h('table', { class: 'bo-table' }, h('thead', {}, h('tr', {}, ['sales.method', 'sales.count', 'sales.gross', 'sales.refunds'].map((k, i) => h('th', { scope: 'col', class: i ? 'num' : null }, t(k))))),
        h('tbody', {}, s.methods.map((m) => h('tr', {}, h('td', {}, m.method), h('td', { class: 'num' }, m.payments), h('td', { class: 'num money' }, won(m.gross)), h('td', { class: 'num money' }, won(m.refunded ?? 0))))))
      : h('p', { class: 'muted' }, t('sales.noMethods')));
}

function chartCard(days) {
  const W = 900; const H = 220; const top = 16; const bottom = 28; const left = 8;
  const max = Math.max(1, ...days.map((d) => d.net));
  const min = Math.min(0, ...days.map((d) => d.net));
  const span = max - min;
  const y = (v) => top + (max - v) / span * (H - top - bottom);
  const bw = (W - left) / days.length;
  const sum = days.reduce((a, d) => a + d.net, 0);
  const fmt = new Intl.DateTimeFormat(lang() === 'ko' ? 'ko-KR' : 'en-US', { month: 'numeric', day: 'numeric', timeZone: 'UTC' });
  const label = (d) => fmt.format(new Date(d + 'T00:00:00Z'));
  const descId = 'sales-chart-desc';
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': descId, class: 'chart', 'data-testid': 'sales-chart', preserveAspectRatio: 'none' },
    svg('title', { id: descId }, t('sales.chartLabel', { max: won(max), sum: won(sum) })),
    svg('line', { x1: left, x2: W, y1: y(0), y2: y(0), class: 'axis' }),
    ...days.map((d, i) => svg('rect', {
      x: left + i * bw + bw * 0.15, width: bw * 0.7, y: Math.min(y(d.net), y(0)), height: Math.max(d.net ? 2 : 0, Math.abs(y(d.net) - y(0))),
      class: d.net < 0 ? 'bar neg' : 'bar', 'data-date': d.date, 'data-net': d.net,
    }, svg('title', {}, `${label(d.date)}: ${won(d.net)}`))),
    ...days.map((d, i) => (i % 5 === 4 || i === days.length - 1
      ? svg('text', { x: left + i * bw + bw / 2, y: H - 8, 'text-anchor': 'middle', class: 'tick' }, label(d.date)) : null)).filter(Boolean));
  const table = h('table', { class: 'bo-table', 'data-testid': 'sales-table' },
    h('thead', {}, h('tr', {}, ['sales.date', 'sales.gross', 'sales.refunds', 'sales.fee', 'sales.net'].map((k, i) => h('th', { scope: 'col', class: i ? 'num' : null }, t(k))))),
    h('tbody', {}, days.map((d) => h('tr', {}, h('th', { scope: 'row' }, d.date), ...[d.gross, d.refunds, d.fee ?? 0, d.net].map((v) => h('td', { class: 'num money' }, won(v)))))),
    h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, t('sales.total')), ...['gross', 'refunds', 'fee', 'net'].map((k) => h('td', { class: 'num money' }, won(days.reduce((a, d) => a + (d[k] ?? 0), 0)))))));
  return section(t('sales.days'), h('div', { class: 'chart-box' }, chart), h('details', {}, h('summary', {}, t('sales.table')), h('div', { class: 'table-wrap' }, table)));
}
