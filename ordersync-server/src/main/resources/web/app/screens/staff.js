// Staff: who works here, adding an account for a new member, changing a role, removing someone;
// each change asks first. The server keeps at least one owner (409 last_owner).
import { h, fill } from '/assets/shared/dom.js';
import { register, t } from '/assets/shared/i18n.js';
import { ApiError } from '/assets/shared/api.js';
import { field, input, showErrors, clearErrors, formError, confirmDialog, head, section } from '../bo.js';

register({
  ko: {
    'staff.title': '직원 관리',
    'staff.list': '함께 일하는 사람',
    'staff.name': '이름', 'staff.email': '이메일', 'staff.role': '역할', 'staff.actions': '관리',
    'staff.OWNER': '사장님', 'staff.STAFF': '직원',
    'staff.you': '(나)',
    'staff.roleOf': '{name}의 역할',
    'staff.remove': '내보내기',
    'staff.removeOf': '{name} 내보내기',
    'staff.confirmRemove': '{name}님을 매장에서 내보낼까요? 이 계정은 더 이상 이 매장의 주문을 볼 수 없습니다.',
    'staff.confirmRole': '{name}님의 역할을 "{role}"(으)로 바꿀까요?',
    'staff.add': '직원 추가',
    'staff.addHint': '새 직원의 로그인 계정을 만듭니다. 비밀번호는 직원에게 직접 전해 주세요.',
    'staff.password': '처음 비밀번호 (10자 이상)',
    'staff.added': '{name}님을 추가했습니다.',
    'staff.lastOwner': '매장에는 사장님이 한 명 이상 있어야 합니다.',
  },
  en: {
    'staff.title': 'Staff',
    'staff.list': 'People who work here',
    'staff.name': 'Name', 'staff.email': 'Email', 'staff.role': 'Role', 'staff.actions': 'Manage',
    'staff.OWNER': 'Owner', 'staff.STAFF': 'Staff',
    'staff.you': '(you)',
    'staff.roleOf': 'Role of {name}',
    'staff.remove': 'Remove',
    'staff.removeOf': 'Remove {name}',
    'staff.confirmRemove': 'Remove {name} from the restaurant? The account will no longer see its orders.',
    'staff.confirmRole': 'Change {name}\'s role to "{role}"?',
    'staff.add': 'Add staff',
    'staff.addHint': 'Creates a sign-in account for the new member. Give them the password yourself.',
    'staff.password': 'First password (10+ characters)',
    'staff.added': '{name} was added.',
    'staff.lastOwner': 'A restaurant needs at least one owner.',
  },
});

export async function mount(ctx, el) {
  const { api } = ctx;
  const tbody = h('tbody');
  const table = h('table', { class: 'bo-table', 'data-testid': 'staff-table' },
    h('thead', {}, h('tr', {}, ['staff.name', 'staff.email', 'staff.role', 'staff.actions'].map((k) => h('th', { scope: 'col' }, t(k))))), tbody);

  async function load() {
    const { data } = await api.get('/restaurants/me/staff');
    fill(tbody, data.map(row));
  }

  const problem = (e) => (e instanceof ApiError && e.code === 'last_owner' ? t('staff.lastOwner') : null);

  function row(m) {
    const me = ctx.me && m.user_id === ctx.me.id;
    const role = h('select', { 'aria-label': t('staff.roleOf', { name: m.name }), 'data-testid': 'staff-role' },
      ['OWNER', 'STAFF'].map((r) => h('option', { value: r, selected: r === m.role }, t('staff.' + r))));
    role.addEventListener('change', async () => {
      const want = role.value;
      if (!await confirmDialog(t('staff.confirmRole', { name: m.name, role: t('staff.' + want) }), t('bo.confirm'), false)) { role.value = m.role; return; }
      try { await api.patch(`/restaurants/me/staff/${m.user_id}`, { role: want }); ctx.toast(t('bo.saved')); } catch (e) { ctx.toast(problem(e) || e.detail || String(e), 'danger'); }
      load().catch(ctx.reportError);
    });
    return h('tr', { 'data-testid': 'staff-row', 'data-user-id': m.user_id },
      h('td', {}, m.name, me ? ' ' + t('staff.you') : ''), h('td', {}, m.email), h('td', {}, role),
      h('td', {}, h('button', { type: 'button', class: 'danger', 'data-testid': 'staff-remove', 'aria-label': t('staff.removeOf', { name: m.name }), onclick: async () => {
        if (!await confirmDialog(t('staff.confirmRemove', { name: m.name }), t('staff.remove'))) return;
        try { await api.del(`/restaurants/me/staff/${m.user_id}`); ctx.toast(t('bo.saved')); } catch (e) { ctx.toast(problem(e) || e.detail || String(e), 'danger'); }
        load().catch(ctx.reportError);
      } }, t('staff.remove'))));
  }

  const form = h('form', { class: 'stack', 'data-testid': 'staff-form', novalidate: true });
  const f = {
    name: input('name', { required: true, autocomplete: 'off', 'data-testid': 'staff-name' }),
    email: input('email', { type: 'email', required: true, autocomplete: 'off', 'data-testid': 'staff-email' }),
    password: input('password', { type: 'password', required: true, autocomplete: 'new-password', minlength: 10, 'data-testid': 'staff-password' }),
  };
  form.append(h('p', { class: 'hint' }, t('staff.addHint')),
    h('div', { class: 'grid3' }, field(t('staff.name'), f.name), field(t('staff.email'), f.email), field(t('staff.password'), f.password)),
    formError(), h('div', { class: 'row end' }, h('button', { type: 'submit', class: 'primary', 'data-testid': 'staff-add' }, t('staff.add'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    try {
      const u = await api.post('/restaurants/me/staff', { email: f.email.value.trim(), name: f.name.value.trim(), password: f.password.value });
      form.reset();
      ctx.toast(t('staff.added', { name: u.name || '' }));
      await load();
    } catch (err) { showErrors(form, err); }
  });

  await load();
  fill(el, head(t('staff.title')), h('div', { class: 'stack' },
    section(t('staff.list'), h('div', { class: 'table-wrap' }, table)),
    section(t('staff.add'), form)));
}
