// What the back-office screens share: labelled fields whose errors come from the server's problem
// (errors[].field next to the field it names), a confirmation dialog, and the restaurant's dates.
import { h } from '/assets/shared/dom.js';
import { fieldMessage } from '/assets/shared/field-messages.js';
import { register, t } from '/assets/shared/i18n.js';
import { ApiError } from '/assets/shared/api.js';

register({
  ko: {
    'bo.save': '저장', 'bo.saved': '저장했습니다.', 'bo.cancel': '취소', 'bo.delete': '삭제', 'bo.edit': '수정',
    'bo.add': '추가', 'bo.confirm': '확인', 'bo.close': '닫기', 'bo.required': '필수 항목입니다.',
    'bo.conflict': '다른 곳에서 먼저 바뀌었습니다. 최신 내용을 다시 불러왔습니다.',
    'day.MONDAY': '월', 'day.TUESDAY': '화', 'day.WEDNESDAY': '수', 'day.THURSDAY': '목', 'day.FRIDAY': '금', 'day.SATURDAY': '토', 'day.SUNDAY': '일',
  },
  en: {
    'bo.save': 'Save', 'bo.saved': 'Saved.', 'bo.cancel': 'Cancel', 'bo.delete': 'Delete', 'bo.edit': 'Edit',
    'bo.add': 'Add', 'bo.confirm': 'Confirm', 'bo.close': 'Close', 'bo.required': 'This is required.',
    'bo.conflict': 'Someone else changed this first. The latest version was loaded again.',
    'day.MONDAY': 'Mon', 'day.TUESDAY': 'Tue', 'day.WEDNESDAY': 'Wed', 'day.THURSDAY': 'Thu', 'day.FRIDAY': 'Fri', 'day.SATURDAY': 'Sat', 'day.SUNDAY': 'Sun',
  },
});

let seq = 0;
/** A unique id for a label's `for`. */
export const uid = (p = 'f') => `${p}-${++seq}`;

/**
 * A labelled control with a place for its error: `name` is the API's field name, so a problem's
 * `errors[].field` lands next to it. `control` is an input/select/textarea element (built by h).
 */
export function field(label, control, hint) {
  const id = control.id || (control.id = uid(control.name || 'f'));
  const err = h('p', { class: 'error-text field-error', id: id + '-err', 'data-error-for': control.name || '' });
  const hintEl = hint ? h('p', { class: 'hint', id: id + '-hint' }, hint) : null;
  control.setAttribute('aria-describedby', [hintEl && hintEl.id, err.id].filter(Boolean).join(' '));
  const box = control.type === 'checkbox'
    ? h('div', { class: 'field check' }, control, h('label', { for: id }, label), hintEl, err)
    : h('div', { class: 'field' }, h('label', { for: id }, label), control, hintEl, err);
  return box;
}

export const input = (name, attrs = {}) => h('input', { name, type: 'text', ...attrs });

/** Clears a form's error texts. */
export function clearErrors(form) {
  for (const p of form.querySelectorAll('.field-error, .form-error')) p.textContent = '';
  for (const c of form.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
}

/**
 * Shows a failed request on a form: each `errors[].field` beside its control (by name), whatever
 * names no control in the form's general error line. Returns true when it was an ApiError.
 */
export function showErrors(form, e, fallback) {
  clearErrors(form);
  const general = form.querySelector('.form-error');
  if (!(e instanceof ApiError)) { if (general) general.textContent = String(e && e.message ? e.message : e); return false; }
  const rest = [];
  let first = null;
  for (const { field: f, message } of e.errors) {
    const c = f && form.querySelector(`[name="${CSS.escape(f)}"]`);
    const p = c && form.querySelector(`#${CSS.escape(c.id)}-err`);
    if (p) { p.textContent = fieldMessage(message); c.setAttribute('aria-invalid', 'true'); first = first || c; } else rest.push((f ? f + ': ' : '') + fieldMessage(message));
  }
  const text = [fallback ? fallback(e) : null, ...rest].filter(Boolean).join(' ') || (e.errors.length ? '' : e.status === 0 ? t('app.offlineError') : e.detail || e.code);
  if (general) general.textContent = text;
  if (first) first.focus();
  return true;
}

export const formError = () => h('p', { class: 'error-text form-error', role: 'alert' });

/** A modal confirmation: resolves true when the person confirms. */
export function confirmDialog(text, okLabel = t('bo.confirm'), danger = true) {
  return new Promise((resolve) => {
    const title = uid('dlg');
    const d = h('dialog', { 'aria-labelledby': title, 'data-testid': 'confirm-dialog' },
      h('p', { id: title, class: 'dialog-text' }, text),
      h('div', { class: 'row end' },
        h('button', { type: 'button', onclick: () => d.close('no') }, t('bo.cancel')),
        h('button', { type: 'button', class: danger ? 'danger' : 'primary', 'data-testid': 'confirm-ok', onclick: () => d.close('yes') }, okLabel)));
    d.addEventListener('close', () => { d.remove(); resolve(d.returnValue === 'yes'); });
    document.body.append(d);
    d.showModal();
  });
}

/** A modal with any content; returns {dialog, close}. */
export function modal(title, ...content) {
  const id = uid('dlg');
  const d = h('dialog', { 'aria-labelledby': id, class: 'wide-dialog' },
    h('div', { class: 'spread' }, h('h2', { id }, title), h('button', { type: 'button', class: 'link', onclick: () => d.close() }, t('bo.close'))),
    ...content);
  d.addEventListener('close', () => d.remove());
  document.body.append(d);
  d.showModal();
  return d;
}

/** YYYY-MM-DD of an instant in a time zone. */
export function isoDate(instant, timeZone) {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** The instant of a wall-clock time ("2026-12-24T18:00") in a time zone. */
export function zonedInstant(local, timeZone) {
  const guess = Date.parse(local + 'Z');
  const offset = (at) => {
    const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
      .formatToParts(at).map((x) => [x.type, x.value]));
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - at;
  };
  const first = guess - offset(guess);
  return new Date(guess - offset(first));
}

/** The wall-clock time ("2026-12-24T18:00") of an instant in a time zone, for datetime-local. */
export function localOf(instant, timeZone) {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
    .formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** A screen's heading row: title and tools. */
export const head = (title, ...tools) => h('div', { class: 'screen-head' }, h('h1', {}, title), h('div', { class: 'row' }, ...tools));

/** A titled section. */
export function section(title, ...children) {
  const id = uid('sec');
  return h('section', { class: 'card bo-section', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}
