// QR codes (issue 18): the owner names the tables (the restaurant's `tables` setting), and the sheet
// shows one code per table, made by the server (…/tables/{label}/qr.svg and .png), to print (the
// print stylesheet leaves only the grid of labelled codes) or download one by one.
import { h, fill } from '/assets/shared/dom.js';
import { register, t } from '/assets/shared/i18n.js';
import { field, input, showErrors, clearErrors, formError, head, section } from '../bo.js';

register({
  ko: {
    'qr.title': '테이블 QR 코드',
    'qr.tables': '테이블 이름',
    'qr.tablesHint': '한 줄에 테이블 하나씩 (예: 1, 2, 창가-1). 손님이 QR을 찍으면 이 테이블로 주문합니다.',
    'qr.numbered': '번호로 채우기: 1번부터',
    'qr.count': '테이블 수',
    'qr.fill': '채우기',
    'qr.save': '테이블 저장',
    'qr.print': '인쇄하기',
    'qr.sheet': 'QR 시트',
    'qr.table': '테이블 {label}',
    'qr.codeOf': '테이블 {label} 주문 QR 코드',
    'qr.png': 'PNG',
    'qr.svg': 'SVG',
    'qr.downloadOf': '테이블 {label} QR {kind} 내려받기',
    'qr.none': '테이블을 저장하면 여기에 QR 코드가 나옵니다.',
    'qr.unsupported': '이 서버는 아직 테이블 QR 코드를 만들지 못합니다 (서버 업데이트 필요).',
    'qr.scan': '찍어서 주문하기',
  },
  en: {
    'qr.title': 'Table QR codes',
    'qr.tables': 'Table names',
    'qr.tablesHint': 'One table per line (e.g. 1, 2, Window-1). A guest who scans a code orders for that table.',
    'qr.numbered': 'Fill with numbers from 1',
    'qr.count': 'Number of tables',
    'qr.fill': 'Fill',
    'qr.save': 'Save tables',
    'qr.print': 'Print',
    'qr.sheet': 'QR sheet',
    'qr.table': 'Table {label}',
    'qr.codeOf': 'QR code to order at table {label}',
    'qr.png': 'PNG',
    'qr.svg': 'SVG',
    'qr.downloadOf': 'Download the QR code of table {label} as {kind}',
    'qr.none': 'Save the tables to see their QR codes here.',
    'qr.unsupported': 'This server cannot make table QR codes yet (it needs an update).',
    'qr.scan': 'Scan to order',
  },
});

export async function mount(ctx, el) {
  const { api } = ctx;
  const r = await ctx.refreshRestaurant();
  const supported = Array.isArray(r.tables);
  const form = h('form', { class: 'stack no-print', 'data-testid': 'tables-form', novalidate: true });
  const tables = h('textarea', { name: 'tables', rows: 6, 'data-testid': 'tables-input' });
  tables.value = (r.tables || []).join('\n');
  const count = input('count', { type: 'number', min: 1, max: 200, value: Math.max(1, (r.tables || []).length || 10), 'data-testid': 'tables-count' });
  form.append(
    field(t('qr.tables'), tables, t('qr.tablesHint')),
    h('fieldset', { class: 'row' }, h('legend', {}, t('qr.numbered')), field(t('qr.count'), count),
      h('button', { type: 'button', 'data-testid': 'tables-fill', onclick: () => {
        tables.value = Array.from({ length: Math.min(200, Math.max(1, Number(count.value) || 1)) }, (_, i) => String(i + 1)).join('\n');
      } }, t('qr.fill'))),
    formError(),
    h('div', { class: 'row end' }, h('button', { type: 'submit', class: 'primary', 'data-testid': 'tables-save' }, t('qr.save'))));
  const sheet = h('div', { class: 'qr-sheet', 'data-testid': 'qr-sheet' });
  const show = (labels) => fill(sheet, labels.length ? labels.map((label) => {
    const base = `/api/v1/restaurants/${r.id}/tables/${encodeURIComponent(label)}/qr`;
    return h('figure', { class: 'qr-card', 'data-testid': 'qr-card', 'data-table': label },
      h('img', { src: base + '.svg', alt: t('qr.codeOf', { label }), width: 200, height: 200, 'data-testid': 'qr-image' }),
      h('figcaption', {}, h('strong', {}, t('qr.table', { label })), h('span', { class: 'qr-scan' }, t('qr.scan'))),
      h('p', { class: 'row no-print qr-links' },
        h('a', { href: base + '.png', download: `table-${label}.png`, 'aria-label': t('qr.downloadOf', { label, kind: 'PNG' }), 'data-testid': 'qr-png' }, t('qr.png')),
        h('a', { href: base + '.svg', download: `table-${label}.svg`, 'aria-label': t('qr.downloadOf', { label, kind: 'SVG' }), 'data-testid': 'qr-svg' }, t('qr.svg'))));
  }) : h('p', { class: 'muted' }, t('qr.none')));
  show(r.tables || []);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const labels = tables.value.split('\n').map((x) => x.trim()).filter(Boolean);
    try {
      ctx.restaurant = await api.patch('/restaurants/me', { tables: labels });
      show(ctx.restaurant.tables || labels);
      ctx.toast(t('bo.saved'));
    } catch (err) {
      // A problem naming tables[3] lands on the one text box.
      for (const x of (err && err.errors) || []) if (x.field && x.field.startsWith('tables')) x.field = 'tables';
      showErrors(form, err);
    }
  });
  fill(el,
    head(t('qr.title'), h('button', { type: 'button', class: 'primary no-print', 'data-testid': 'qr-print', onclick: () => window.print() }, t('qr.print'))),
    h('div', { class: 'stack' },
      supported ? null : h('p', { class: 'banner warn no-print' }, t('qr.unsupported')),
      section(t('qr.tables'), form),
      h('section', { class: 'card qr-section', 'aria-labelledby': 'qr-sheet-title' },
        h('h2', { id: 'qr-sheet-title', class: 'no-print' }, t('qr.sheet')),
        h('h2', { class: 'print-only' }, ctx.restaurant.name),
        sheet)));
}
