// Opening hours: the weekly ranges (past midnight allowed), holidays, closures, and the pause switch
// that stops new orders at once. PUT /restaurants/me/hours replaces the three lists whole.
import { h, fill } from '/assets/shared/dom.js';
import { register, t, dateTime } from '/assets/shared/i18n.js';
import { ApiError } from '/assets/shared/api.js';
import { field, input, showErrors, clearErrors, formError, head, section, zonedInstant, localOf } from '../bo.js';

register({
  ko: {
    'hours.title': '영업시간',
    'hours.pause': '주문 일시 중지',
    'hours.pauseHint': '켜면 새 주문을 바로 받지 않습니다.',
    'hours.paused': '지금 주문을 받지 않습니다 (일시 중지).',
    'hours.open': '지금 영업 중입니다.',
    'hours.closed': '지금은 영업시간이 아닙니다. 다음 영업: {at}',
    'hours.weekly': '주간 영업시간',
    'hours.weeklyHint': '닫는 시각이 여는 시각보다 이르면 자정을 넘겨 영업합니다. 00:00~00:00은 하루 종일. 줄이 없으면 24시간 영업. 줄이 하나라도 있으면 줄이 없는 요일은 휴무입니다.',
    'hours.day': '요일', 'hours.opens': '여는 시각', 'hours.closes': '닫는 시각',
    'hours.addRange': '시간 줄 추가', 'hours.removeRange': '이 줄 삭제',
    'hours.holidays': '휴무일', 'hours.holiday': '휴무일 날짜', 'hours.addHoliday': '휴무일 추가',
    'hours.closures': '임시 휴업', 'hours.from': '시작', 'hours.to': '끝', 'hours.reason': '사유',
    'hours.addClosure': '임시 휴업 추가', 'hours.remove': '삭제', 'hours.save': '영업시간 저장',
    'hours.zone': '시간은 매장 시간대({zone}) 기준입니다.',
  },
  en: {
    'hours.title': 'Opening hours',
    'hours.pause': 'Pause orders',
    'hours.pauseHint': 'When on, no new orders are taken.',
    'hours.paused': 'Not taking orders now (paused).',
    'hours.open': 'Open now.',
    'hours.closed': 'Closed now. Opens next: {at}',
    'hours.weekly': 'Weekly hours',
    'hours.weeklyHint': 'A closing time before the opening time runs past midnight. 00:00–00:00 is the whole day. No rows = open around the clock; with any row, a day without one is closed.',
    'hours.day': 'Day', 'hours.opens': 'Opens', 'hours.closes': 'Closes',
    'hours.addRange': 'Add a row', 'hours.removeRange': 'Remove this row',
    'hours.holidays': 'Holidays', 'hours.holiday': 'Holiday date', 'hours.addHoliday': 'Add holiday',
    'hours.closures': 'Closures', 'hours.from': 'From', 'hours.to': 'To', 'hours.reason': 'Reason',
    'hours.addClosure': 'Add closure', 'hours.remove': 'Remove', 'hours.save': 'Save hours',
    'hours.zone': 'Times are in the restaurant\'s time zone ({zone}).',
  },
});

const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

export async function mount(ctx, el) {
  const { api } = ctx;
  const r = await ctx.refreshRestaurant();
  const zone = r.time_zone;
  const hours = r.opening_hours || { weekly: [], holidays: [], closures: [] };

  const status = h('p', { class: 'banner', 'data-testid': 'hours-status', role: 'status' });
  const showStatus = () => {
    const x = ctx.restaurant;
    status.className = 'banner ' + (x.paused || !x.open_now ? 'warn' : 'ok');
    status.textContent = x.paused ? t('hours.paused') : x.open_now ? t('hours.open') : t('hours.closed', { at: x.next_opening_at ? dateTime(x.next_opening_at, zone) : '—' });
  };
  const pause = h('input', { type: 'checkbox', name: 'paused', checked: r.paused, 'data-testid': 'pause-toggle', role: 'switch' });
  pause.addEventListener('change', async () => {
    pause.disabled = true;
    try {
      ctx.restaurant = await api.patch('/restaurants/me', { paused: pause.checked });
      ctx.toast(t('bo.saved'));
    } catch (e) { ctx.reportError(e); pause.checked = !pause.checked; }
    pause.disabled = false;
    showStatus();
  });
  showStatus();

  const form = h('form', { class: 'stack', 'data-testid': 'hours-form', novalidate: true });
  const weekly = h('div', { class: 'stack', 'data-testid': 'weekly' });
  const holidays = h('div', { class: 'stack' });
  const closures = h('div', { class: 'stack' });

  const n = { w: 0, hd: 0, c: 0 };
  function rangeRow(v = { day: 'MONDAY', opens: '11:00', closes: '21:00' }) {
    const i = n.w++;
    const day = h('select', { name: `weekly[${i}].day`, 'data-testid': 'range-day' }, DAYS.map((d) => h('option', { value: d, selected: d === v.day }, t('day.' + d))));
    const row = h('div', { class: 'grid4 range', 'data-testid': 'range' },
      field(t('hours.day'), day),
      field(t('hours.opens'), input(`weekly[${i}].opens`, { type: 'time', value: v.opens, required: true, 'data-testid': 'range-opens' })),
      field(t('hours.closes'), input(`weekly[${i}].closes`, { type: 'time', value: v.closes, required: true, 'data-testid': 'range-closes' })),
      h('button', { type: 'button', class: 'link', onclick: () => row.remove() }, t('hours.removeRange')));
    weekly.append(row);
    return row;
  }
  function holidayRow(v = '') {
    const i = n.hd++;
    const row = h('div', { class: 'row', 'data-testid': 'holiday' },
      field(t('hours.holiday'), input(`holidays[${i}]`, { type: 'date', value: v, required: true, 'data-testid': 'holiday-date' })),
      h('button', { type: 'button', class: 'link', onclick: () => row.remove() }, t('hours.remove')));
    holidays.append(row);
    return row;
  }
  function closureRow(v = { from: '', to: '', reason: '' }) {
    const i = n.c++;
    const row = h('div', { class: 'grid4', 'data-testid': 'closure' },
      field(t('hours.from'), input(`closures[${i}].from`, { type: 'datetime-local', value: v.from ? localOf(v.from, zone) : '', required: true })),
      field(t('hours.to'), input(`closures[${i}].to`, { type: 'datetime-local', value: v.to ? localOf(v.to, zone) : '', required: true })),
      field(t('hours.reason'), input(`closures[${i}].reason`, { value: v.reason || '', maxlength: 200 })),
      h('button', { type: 'button', class: 'link', onclick: () => row.remove() }, t('hours.remove')));
    closures.append(row);
    return row;
  }
  for (const w of hours.weekly) rangeRow(w);
  for (const d of hours.holidays) holidayRow(d);
  for (const c of hours.closures) closureRow(c);

  const focusFirst = (row) => row.querySelector('input, select').focus();
  form.append(
    section(t('hours.weekly'), h('p', { class: 'hint' }, t('hours.weeklyHint')), weekly,
      h('button', { type: 'button', 'data-testid': 'range-add', onclick: () => focusFirst(rangeRow()) }, t('hours.addRange'))),
    section(t('hours.holidays'), holidays, h('button', { type: 'button', 'data-testid': 'holiday-add', onclick: () => focusFirst(holidayRow()) }, t('hours.addHoliday'))),
    section(t('hours.closures'), closures, h('button', { type: 'button', onclick: () => focusFirst(closureRow()) }, t('hours.addClosure'))),
    formError(),
    h('div', { class: 'row end' }, h('button', { type: 'submit', class: 'primary', 'data-testid': 'hours-save' }, t('hours.save'))));

  const val = (row, suffix) => row.querySelector(`[name$="${suffix}"]`).value;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = {
      weekly: [...weekly.children].map((row) => ({ day: val(row, '.day'), opens: val(row, '.opens'), closes: val(row, '.closes') })),
      holidays: [...holidays.children].map((row) => val(row, ']')),
      closures: [...closures.children].map((row) => ({
        from: val(row, '.from') ? zonedInstant(val(row, '.from'), zone).toISOString() : null,
        to: val(row, '.to') ? zonedInstant(val(row, '.to'), zone).toISOString() : null,
        reason: val(row, '.reason') || null,
      })),
    };
    // Rows were renumbered by removals: name each control by its position now, so errors land on it.
    renumber();
    try {
      ctx.restaurant = await api.put('/restaurants/me/hours', body);
      showStatus();
      clearErrors(form);
      ctx.toast(t('bo.saved'));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      showErrors(form, err);
    }
  });
  function renumber() {
    for (const [list, key] of [[weekly, 'weekly'], [holidays, 'holidays'], [closures, 'closures']]) {
      [...list.children].forEach((row, i) => {
        for (const c of row.querySelectorAll('[name]')) c.name = c.name.replace(/^\w+\[\d+\]/, `${key}[${i}]`);
      });
    }
  }

  fill(el,
    head(t('hours.title')),
    h('div', { class: 'stack' },
      status,
      section(t('hours.pause'), h('div', { class: 'field check' }, pause, h('label', { for: pause.id = 'pause' }, t('hours.pause'))), h('p', { class: 'hint' }, t('hours.pauseHint'))),
      h('p', { class: 'hint' }, t('hours.zone', { zone })),
      form));
}
