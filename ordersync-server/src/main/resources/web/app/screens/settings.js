// Settings: the restaurant's (PATCH /restaurants/me: name, auto-accept, prep time, payment mode, order
// prefix, staff 2FA, which order changes text the guests) and the owner's own second factor (TOTP
// enrolment, recovery codes shown once; turning it off with the password).
import { h, fill } from '/assets/shared/dom.js';
import { register, t } from '/assets/shared/i18n.js';
import { ApiError } from '/assets/shared/api.js';
import { field, input, showErrors, clearErrors, formError, head, section } from '../bo.js';

register({
  ko: {
    'set.title': '설정',
    'set.restaurant': '매장 설정',
    'set.name': '매장 이름',
    'set.autoAccept': '주문 자동 접수',
    'set.autoAcceptHint': '새 주문을 준비 시간과 함께 바로 접수합니다.',
    'set.prep': '기본 준비 시간 (분)',
    'set.payment': '결제 방식',
    'set.AT_COUNTER': '매장에서 결제 (카운터)',
    'set.ONLINE': '온라인 결제 (토스페이먼츠)',
    'set.onlineUnavailable': '이 서버에는 토스페이먼츠 키가 설정되어 있지 않아 온라인 결제를 켤 수 없습니다. 관리자에게 ORDERSYNC_TOSS_SECRET_KEY 설정을 요청하세요.',
    'set.prefix': '주문 번호 머리글자 (대문자 1~3자)',
    'set.prefixHint': '예: T → T-001. 비워 두면 A-001부터 씁니다.',
    'set.staffMfa': '직원에게 2단계 인증 요구',
    'set.staffMfaHint': '켜면 직원 계정도 인증 앱 코드로 로그인해야 합니다.',
    'set.guestTexts': '손님에게 보내는 문자',
    'set.guestTextsHint': '전화번호를 적고 문자 받기에 동의한 손님에게만, 고른 경우에 문자를 보냅니다.',
    'set.text.accepted': '주문 접수 (준비 예상 시각 포함)',
    'set.text.ready': '준비 완료',
    'set.text.rejected': '주문 거절 (사유 포함)',
    'set.text.canceled': '매장의 주문 취소 (사유 포함)',
    'set.text.refunded': '환불',
    'set.save': '설정 저장',
    'set.mfa': '내 계정 2단계 인증',
    'set.mfaOn': '2단계 인증이 켜져 있습니다.',
    'set.mfaOff': '2단계 인증이 꺼져 있습니다. 사장님 계정은 켜 두기를 권합니다.',
    'set.mfaStart': '2단계 인증 설정 시작',
    'set.mfaStep1': '인증 앱(Google Authenticator 등)에 아래 주소나 비밀 키를 추가하세요.',
    'set.mfaUri': '등록 주소 (otpauth)',
    'set.mfaSecret': '비밀 키',
    'set.mfaCode': '인증 앱의 6자리 코드',
    'set.mfaConfirm': '코드 확인하고 켜기',
    'set.mfaDone': '2단계 인증을 켰습니다. 아래 복구 코드는 지금 한 번만 보입니다. 안전한 곳에 적어 두세요.',
    'set.recovery': '복구 코드',
    'set.mfaOffPassword': '끄려면 비밀번호를 입력하세요',
    'set.mfaTurnOff': '2단계 인증 끄기',
    'set.mfaTurnedOff': '2단계 인증을 껐습니다. 계정 이메일로 알림이 갑니다.',
    'set.wrongPassword': '비밀번호가 맞지 않습니다.',
  },
  en: {
    'set.title': 'Settings',
    'set.restaurant': 'Restaurant settings',
    'set.name': 'Restaurant name',
    'set.autoAccept': 'Accept orders automatically',
    'set.autoAcceptHint': 'New orders are accepted at once with the prep time.',
    'set.prep': 'Default prep time (minutes)',
    'set.payment': 'Payment',
    'set.AT_COUNTER': 'Pay at the counter',
    'set.ONLINE': 'Pay online (Toss Payments)',
    'set.onlineUnavailable': 'This server has no Toss Payments keys, so online payment cannot be turned on. Ask the administrator to set ORDERSYNC_TOSS_SECRET_KEY.',
    'set.prefix': 'Order number prefix (1–3 capital letters)',
    'set.prefixHint': 'E.g. T gives T-001. Empty: A-001 onwards.',
    'set.staffMfa': 'Require 2-step sign-in for staff',
    'set.staffMfaHint': 'When on, staff accounts sign in with an authenticator code too.',
    'set.guestTexts': 'Text messages to guests',
    'set.guestTextsHint': 'Only guests who gave a phone number and agreed to texts get them, and only for the changes ticked here.',
    'set.text.accepted': 'Order accepted (with the expected ready time)',
    'set.text.ready': 'Order ready',
    'set.text.rejected': 'Order rejected (with the reason)',
    'set.text.canceled': 'Cancelled by the restaurant (with the reason)',
    'set.text.refunded': 'Refunded',
    'set.save': 'Save settings',
    'set.mfa': 'My 2-step sign-in',
    'set.mfaOn': '2-step sign-in is on.',
    'set.mfaOff': '2-step sign-in is off. Owners should turn it on.',
    'set.mfaStart': 'Set up 2-step sign-in',
    'set.mfaStep1': 'Add this address or the secret key to your authenticator app.',
    'set.mfaUri': 'Set-up address (otpauth)',
    'set.mfaSecret': 'Secret key',
    'set.mfaCode': '6-digit code from the app',
    'set.mfaConfirm': 'Check the code and turn on',
    'set.mfaDone': '2-step sign-in is on. These recovery codes are shown only now: write them down somewhere safe.',
    'set.recovery': 'Recovery codes',
    'set.mfaOffPassword': 'Your password, to turn it off',
    'set.mfaTurnOff': 'Turn off 2-step sign-in',
    'set.mfaTurnedOff': '2-step sign-in is off. Your account email is told.',
    'set.wrongPassword': 'That password is not right.',
  },
});

/** The order changes a restaurant may text its guests about, in the API's words and order. */
const GUEST_TEXTS = ['accepted', 'ready', 'rejected', 'canceled', 'refunded'];

export async function mount(ctx, el) {
  const { api } = ctx;
  const r = await ctx.refreshRestaurant();
  const form = h('form', { class: 'stack', 'data-testid': 'settings-form', novalidate: true });
  const c = {
    name: input('name', { value: r.name, required: true, maxlength: 100, 'data-testid': 'set-name' }),
    auto_accept: h('input', { type: 'checkbox', name: 'auto_accept', checked: r.auto_accept, 'data-testid': 'set-auto-accept' }),
    prep_minutes: input('prep_minutes', { type: 'number', min: 1, max: 240, value: r.prep_minutes, inputmode: 'numeric', 'data-testid': 'set-prep' }),
    payment_mode: h('select', { name: 'payment_mode', 'data-testid': 'set-payment' }, ['AT_COUNTER', 'ONLINE'].map((m) => h('option', { value: m, selected: m === r.payment_mode }, t('set.' + m)))),
    order_prefix: input('order_prefix', { value: r.order_prefix || '', maxlength: 3, autocapitalize: 'characters', 'data-testid': 'set-prefix' }),
    require_staff_mfa: h('input', { type: 'checkbox', name: 'require_staff_mfa', checked: r.require_staff_mfa, 'data-testid': 'set-staff-mfa' }),
  };
  const chosen = r.guest_texts || [];
  const texts = GUEST_TEXTS.map((k) => h('input', { type: 'checkbox', id: 'set-text-' + k, value: k, checked: chosen.includes(k), 'data-testid': 'set-text-' + k }));
  const textsHint = h('p', { class: 'hint', id: 'set-texts-hint' }, t('set.guestTextsHint'));
  const textsErr = h('p', { class: 'error-text field-error', id: 'set-texts-err', 'data-error-for': 'guest_texts' });
  const textsBox = h('fieldset', { 'aria-describedby': 'set-texts-hint set-texts-err', 'data-testid': 'set-guest-texts' },
    h('legend', {}, t('set.guestTexts')), textsHint, ...texts.map((x) => field(t('set.text.' + x.value), x)), textsErr);
  form.append(
    h('div', { class: 'grid2' }, field(t('set.name'), c.name), field(t('set.prep'), c.prep_minutes)),
    field(t('set.autoAccept'), c.auto_accept, t('set.autoAcceptHint')),
    h('div', { class: 'grid2' }, field(t('set.payment'), c.payment_mode), field(t('set.prefix'), c.order_prefix, t('set.prefixHint'))),
    field(t('set.staffMfa'), c.require_staff_mfa, t('set.staffMfaHint')),
    textsBox,
    formError(),
    h('div', { class: 'row end' }, h('button', { type: 'submit', class: 'primary', 'data-testid': 'settings-save' }, t('set.save'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const now = ctx.restaurant;
    const want = {
      name: c.name.value.trim(),
      auto_accept: c.auto_accept.checked,
      prep_minutes: c.prep_minutes.value === '' ? null : Number(c.prep_minutes.value),
      payment_mode: c.payment_mode.value,
      order_prefix: c.order_prefix.value.trim().toUpperCase() || null,
      require_staff_mfa: c.require_staff_mfa.checked,
    };
    const body = {};
    for (const [k, v] of Object.entries(want)) if (v !== (now[k] ?? null)) body[k] = v;
    const wantTexts = texts.filter((x) => x.checked).map((x) => x.value);
    if (wantTexts.join() !== GUEST_TEXTS.filter((k) => (now.guest_texts || []).includes(k)).join()) body.guest_texts = wantTexts;
    if (!Object.keys(body).length) { ctx.toast(t('bo.saved')); return; }
    try {
      ctx.restaurant = await api.patch('/restaurants/me', body, { ifMatch: now.version });
      document.getElementById('restaurant-name').textContent = ctx.restaurant.name;
      c.order_prefix.value = ctx.restaurant.order_prefix || '';
      ctx.toast(t('bo.saved'));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'online_payment_unavailable') {
        const p = form.querySelector(`#${c.payment_mode.id}-err`);
        p.textContent = t('set.onlineUnavailable');
        c.payment_mode.setAttribute('aria-invalid', 'true');
        c.payment_mode.focus();
        return;
      }
      if (err instanceof ApiError && err.code === 'version_conflict') {
        await ctx.refreshRestaurant();
        ctx.toast(t('bo.conflict'), 'danger');
        return;
      }
      showErrors(form, err);
    }
  });

  fill(el, head(t('set.title')), h('div', { class: 'stack' }, section(t('set.restaurant'), form), mfaSection(ctx)));
}

function mfaSection(ctx) {
  const { api } = ctx;
  const box = h('div', { class: 'stack', 'data-testid': 'mfa' });
  const on = ctx.me && ctx.me.mfa_enabled;
  const start = h('button', { type: 'button', 'data-testid': 'mfa-start' }, t('set.mfaStart'));
  fill(box, h('p', { 'data-testid': 'mfa-state' }, on ? t('set.mfaOn') : t('set.mfaOff')), on ? turnOff(ctx, box) : start);
  start.addEventListener('click', async () => {
    let enrol;
    try { enrol = await api.post('/auth/mfa/totp', {}); } catch (e) { ctx.reportError(e); return; }
    const form = h('form', { class: 'stack', novalidate: true });
    const code = input('code', { inputmode: 'numeric', autocomplete: 'one-time-code', required: true, maxlength: 10, 'data-testid': 'mfa-code' });
    form.append(
      h('p', {}, t('set.mfaStep1')),
      h('dl', { class: 'kv' },
        h('dt', {}, t('set.mfaUri')), h('dd', {}, h('code', { class: 'wrap', 'data-testid': 'mfa-uri' }, enrol.otpauth_uri)),
        h('dt', {}, t('set.mfaSecret')), h('dd', {}, h('code', { class: 'secret', 'data-testid': 'mfa-secret' }, enrol.secret.replace(/(.{4})/g, '$1 ').trim()))),
      field(t('set.mfaCode'), code), formError(),
      h('button', { type: 'submit', class: 'primary', 'data-testid': 'mfa-confirm' }, t('set.mfaConfirm')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        const r = await api.post('/auth/mfa/totp/confirm', { code: code.value.trim() });
        ctx.me.mfa_enabled = true;
        fill(box, h('p', { class: 'banner ok', role: 'status' }, t('set.mfaDone')),
          h('h3', {}, t('set.recovery')),
          h('ol', { class: 'codes', 'data-testid': 'recovery-codes' }, r.recovery_codes.map((x) => h('li', {}, h('code', {}, x)))));
      } catch (err) { showErrors(form, err, (x) => (x.code === 'invalid_code' ? t('login.badCode') : null)); }
    });
    fill(box, form);
    code.focus();
  });
  return section(t('set.mfa'), box);
}

/** Turning the second factor off takes the password again (DELETE /auth/mfa/totp). */
function turnOff(ctx, box) {
  const form = h('form', { class: 'stack', novalidate: true });
  const password = input('password', { type: 'password', autocomplete: 'current-password', required: true, 'data-testid': 'mfa-off-password' });
  form.append(field(t('set.mfaOffPassword'), password), formError(),
    h('button', { type: 'submit', 'data-testid': 'mfa-off' }, t('set.mfaTurnOff')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    try {
      await ctx.api.del('/auth/mfa/totp', { body: { password: password.value } });
      ctx.me.mfa_enabled = false;
      fill(box, h('p', { class: 'banner ok', role: 'status', 'data-testid': 'mfa-state' }, t('set.mfaTurnedOff')));
    } catch (err) { showErrors(form, err, (x) => (x.code === 'wrong_password' ? t('set.wrongPassword') : null)); }
  });
  return form;
}
