// The menu: categories (add, rename, reorder, delete), items (add, edit, delete, sold out), option
// groups and price rules. The owner changes everything; STAFF sees the menu and flips sold-out only.
// The public live menu socket keeps the sold-out marks true while another device changes them.
import { h, fill, announce } from '/assets/shared/dom.js';
import { register, t, won } from '/assets/shared/i18n.js';
import { ApiError } from '/assets/shared/api.js';
import { connect } from '/assets/shared/live.js';
import { field, input, showErrors, clearErrors, formError, confirmDialog, modal, head, section, uid } from '../bo.js';
import messages from '../messages-menu.js';

register(messages);

const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

export async function mount(ctx, el) {
  const { api } = ctx;
  const owner = ctx.isOwner();
  const rid = ctx.restaurant.id;
  let menu = { categories: [], items: [], price_rules: [] };
  const live = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const body = h('div', { class: 'stack' });
  fill(el, head(t('menu.title'), owner ? h('button', { type: 'button', class: 'primary', 'data-testid': 'item-add', onclick: () => editItem(null) }, t('menu.addItem')) : null),
    h('p', { class: 'hint' }, owner ? t('menu.live') : t('menu.staffHint')), live, body);

  let seen = '';
  async function load() {
    // The back office's read: stock counts and price rules too (OWNER and STAFF).
    const fresh = await api.get('/restaurants/me/menu');
    // A live "menu changed" after our own change reads what we already show: keep the page as it is.
    const text = JSON.stringify(fresh);
    if (text === seen) return;
    seen = text;
    menu = fresh;
    menu.categories.sort((a, b) => a.position - b.position);
    render();
  }

  const reload = () => load().catch(ctx.reportError);

  function render() {
    const focused = document.activeElement && document.activeElement.dataset.focusKey;
    fill(body,
      owner ? categoriesSection() : null,
      itemsSection(),
      owner ? rulesSection() : null);
    if (focused) { const f = body.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`); if (f) f.focus(); }
  }

  // Categories ---------------------------------------------------------------------------------

  function categoriesSection() {
    const form = h('form', { class: 'row', 'data-testid': 'category-add-form', novalidate: true });
    const name = input('name', { 'data-testid': 'category-new-name', required: true, maxlength: 100 });
    form.append(field(t('menu.newCategory'), name), h('button', { type: 'submit', class: 'primary', 'data-testid': 'category-add' }, t('menu.addCategory')), formError());
    let adding = false;
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      // One category per tap: a double tap while the first is on its way adds nothing more.
      if (adding) return;
      adding = true;
      const button = form.querySelector('[data-testid=category-add]');
      button.disabled = true;
      try {
        await api.post('/restaurants/me/menu/categories', { name: name.value.trim(), position: menu.categories.length });
        name.value = '';
        await load();
        ctx.toast(t('bo.saved'));
      } catch (err) { showErrors(form, err); } finally { adding = false; button.disabled = false; }
    });
    const cats = menu.categories;
    return section(t('menu.categories'),
      h('ul', { class: 'plain cat-list' }, cats.map((c, i) => categoryRow(c, i, cats.length))),
      form);
  }

  function categoryRow(c, i, n) {
    const form = h('form', { class: 'row cat-row', 'data-testid': 'category', 'data-category-id': c.id, novalidate: true });
    const name = input('name', { value: c.name, 'data-testid': 'category-name', required: true, maxlength: 100 });
    form.append(
      field(t('menu.categoryName'), name),
      h('button', { type: 'submit', 'data-testid': 'category-rename' }, t('menu.rename')),
      h('button', { type: 'button', 'data-testid': 'category-up', 'data-focus-key': 'up-' + c.id, disabled: i === 0, 'aria-label': t('menu.up', { name: c.name }), onclick: () => move(i, -1) }, '↑'),
      h('button', { type: 'button', 'data-testid': 'category-down', 'data-focus-key': 'down-' + c.id, disabled: i === n - 1, 'aria-label': t('menu.down', { name: c.name }), onclick: () => move(i, 1) }, '↓'),
      h('button', { type: 'button', class: 'danger', 'data-testid': 'category-delete', onclick: () => removeCategory(c) }, t('bo.delete')),
      formError());
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await api.patch(`/restaurants/me/menu/categories/${c.id}`, { name: name.value.trim() });
        await load();
        ctx.toast(t('bo.saved'));
      } catch (err) { showErrors(form, err); }
    });
    return h('li', {}, form);
  }

  async function move(i, by) {
    const ids = menu.categories.map((c) => c.id);
    [ids[i], ids[i + by]] = [ids[i + by], ids[i]];
    try {
      await api.put('/restaurants/me/menu/categories/order', { ids });
      await load();
      announce(live, t('bo.saved'));
    } catch (e) { ctx.reportError(e); reload(); }
  }

  async function removeCategory(c) {
    if (!await confirmDialog(t('menu.deleteCategory', { name: c.name }), t('bo.delete'))) return;
    try { await api.del(`/restaurants/me/menu/categories/${c.id}`); await load(); } catch (e) { ctx.reportError(e); }
  }

  // Items --------------------------------------------------------------------------------------

  function itemsSection() {
    if (!menu.items.length) return section(t('nav.menu'), h('p', { class: 'muted' }, t('menu.noItems')));
    const groups = [...menu.categories.map((c) => ({ id: c.id, name: c.name })), { id: null, name: t('menu.uncategorised') }];
    return h('div', { class: 'stack' }, groups.map((g) => {
      const items = menu.items.filter((i) => (i.category_id || null) === g.id);
      if (!items.length) return null;
      return section(g.name, h('ul', { class: 'plain item-list' }, items.map(itemRow)));
    }));
  }

  function itemRow(item) {
    const soldOut = !item.available || item.sold_out;
    const toggle = h('input', {
      type: 'checkbox', id: 'so-' + item.id, 'data-testid': 'soldout-toggle', 'data-focus-key': 'so-' + item.id, checked: soldOut,
    });
    toggle.addEventListener('change', () => setSoldOut(item, toggle));
    const price = item.base_price !== undefined && item.base_price !== item.price
      ? [h('span', { class: 'strike money' }, won(item.base_price)), ' ', h('span', { class: 'money' }, won(item.price))]
      : h('span', { class: 'money' }, won(item.price));
    return h('li', { class: 'menu-row' + (soldOut ? ' is-soldout' : ''), 'data-testid': 'menu-item', 'data-item-id': item.id, 'data-sold-out': String(soldOut) },
      item.image_url ? h('img', { src: item.image_url, alt: '', class: 'thumb', loading: 'lazy' }) : h('span', { class: 'thumb', 'aria-hidden': 'true' }),
      h('div', { class: 'item-main' },
        h('strong', { class: 'item-name' }, item.name),
        h('div', { class: 'row small' }, price,
          typeof item.stock === 'number' ? h('span', { class: 'badge' }, t('menu.stockLeft', { n: item.stock })) : null,
          (item.option_groups || []).length ? h('span', { class: 'badge' }, t('menu.optionGroups') + ' ' + item.option_groups.length) : null),
        item.description ? h('p', { class: 'hint' }, item.description) : null),
      h('div', { class: 'soldout' }, toggle, h('label', { for: toggle.id, 'aria-label': t('menu.soldOutOf', { name: item.name }) }, t('menu.soldOut'))),
      owner ? h('button', { type: 'button', 'data-testid': 'item-edit', 'aria-label': t('menu.editNamed', { name: item.name }), onclick: () => editItem(item) }, t('bo.edit')) : null);
  }

  async function setSoldOut(item, toggle) {
    const soldOut = toggle.checked;
    toggle.disabled = true;
    const body = { available: !soldOut };
    try {
      // The kitchen's toggle (OWNER and STAFF): available and stock only.
      Object.assign(item, await api.patch(`/restaurants/me/menu/items/${item.id}/availability`, body));
      announce(live, (soldOut ? t('menu.soldOut') : t('menu.available')) + ': ' + item.name);
    } catch (e) {
      ctx.reportError(e);
    }
    redraw(item);
  }

  /** Redraws one item's row (a live change must not wipe what the owner is typing elsewhere). */
  function redraw(item) {
    const old = body.querySelector(`[data-testid=menu-item][data-item-id="${CSS.escape(item.id)}"]`);
    if (!old) { render(); return; }
    const focused = old.contains(document.activeElement) && document.activeElement.dataset.focusKey;
    const row = itemRow(item);
    old.replaceWith(row);
    if (focused) { const f = row.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`); if (f) f.focus(); }
  }

  function editItem(item) {
    const form = h('form', { class: 'stack', 'data-testid': 'item-form', novalidate: true });
    const v = item || { name: '', description: '', price: '', category_id: null, image_url: '', stock: null, available: true };
    const name = input('name', { value: v.name, required: true, maxlength: 200, 'data-testid': 'item-name' });
    const desc = h('textarea', { name: 'description', 'data-testid': 'item-description', maxlength: 1000 });
    desc.value = v.description || '';
    const price = input('price', { type: 'number', min: 0, step: 100, inputmode: 'numeric', value: item ? (item.base_price ?? item.price) : '', required: true, 'data-testid': 'item-price' });
    const cat = h('select', { name: 'category_id', 'data-testid': 'item-category' },
      h('option', { value: '' }, t('menu.uncategorised')),
      menu.categories.map((c) => h('option', { value: c.id, selected: c.id === v.category_id }, c.name)));
    const img = input('image_url', { type: 'url', value: v.image_url || '', 'data-testid': 'item-image' });
    const stock = input('stock', { type: 'number', min: 0, step: 1, inputmode: 'numeric', value: v.stock ?? '', 'data-testid': 'item-stock' });
    const avail = h('input', { type: 'checkbox', name: 'available', checked: v.available, 'data-testid': 'item-available' });
    form.append(
      h('div', { class: 'grid2' }, field(t('menu.name'), name), field(t('menu.price'), price)),
      field(t('menu.description'), desc),
      h('div', { class: 'grid2' }, field(t('menu.category'), cat), field(t('menu.stock'), stock, t('menu.stockHint'))),
      field(t('menu.imageUrl'), img),
      field(t('menu.available'), avail),
      formError(),
      h('div', { class: 'row end' },
        item ? h('button', { type: 'button', class: 'danger', 'data-testid': 'item-delete', onclick: () => removeItem(item, d) }, t('bo.delete')) : null,
        h('button', { type: 'submit', class: 'primary', 'data-testid': 'item-save' }, t('bo.save'))));
    const d = modal(item ? t('menu.editItem') : t('menu.addItem'), form, item ? groupsEditor(item) : h('p', { class: 'hint' }, t('menu.saveFirst')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      const b = {
        name: name.value.trim(),
        price: price.value === '' ? null : Number(price.value),
        category_id: cat.value || null,
        description: desc.value.trim() || null,
        image_url: img.value.trim() || null,
        stock: stock.value === '' ? null : Number(stock.value),
        available: avail.checked,
      };
      try {
        if (item) {
          await api.patch(`/restaurants/me/menu/items/${item.id}`, b, { ifMatch: item.version });
        } else {
          for (const k of ['category_id', 'description', 'image_url', 'stock']) if (b[k] === null) delete b[k];
          await api.post('/restaurants/me/menu/items', b);
        }
        d.close();
        ctx.toast(t('bo.saved'));
        await load();
      } catch (err) {
        if (err instanceof ApiError && err.isConflict) { d.close(); ctx.toast(t('bo.conflict'), 'danger'); reload(); return; }
        showErrors(form, err);
      }
    });
    name.focus();
  }

  async function removeItem(item, d) {
    if (!await confirmDialog(t('menu.deleteItem', { name: item.name }), t('bo.delete'))) return;
    try { await api.del(`/restaurants/me/menu/items/${item.id}`); d.close(); await load(); } catch (e) { ctx.reportError(e); }
  }

  // Option groups (inside the item's dialog) ------------------------------------------------------

  function groupsEditor(item) {
    const list = h('ul', { class: 'plain stack' });
    const show = () => fill(list, (item.option_groups || []).length
      ? item.option_groups.map((g) => h('li', { class: 'spread', 'data-testid': 'option-group' },
        h('div', {}, h('strong', {}, g.name), ' ',
          h('span', { class: 'badge' }, (g.min === g.max ? t('menu.ruleExactly', { n: g.min }) : t('menu.rule', { min: g.min, max: g.max })) + (g.min > 0 ? ' · ' + t('menu.required') : '')),
          h('div', { class: 'hint' }, g.options.map((o) => o.name + (o.price_delta ? ` +${won(o.price_delta)}` : '')).join(', '))),
        h('button', { type: 'button', class: 'danger', onclick: async () => {
          if (!await confirmDialog(t('menu.deleteGroup', { name: g.name }), t('bo.delete'))) return;
          try { await api.del(`/restaurants/me/menu/option-groups/${g.id}`); item.option_groups = item.option_groups.filter((x) => x !== g); show(); reload(); } catch (e) { ctx.reportError(e); }
        } }, t('bo.delete'))))
      : h('li', { class: 'muted' }, t('menu.noGroups')));
    show();
    const form = h('form', { class: 'stack', 'data-testid': 'group-form', novalidate: true });
    const gname = input('name', { required: true, 'data-testid': 'group-name' });
    const min = input('min', { type: 'number', min: 0, value: 0, 'data-testid': 'group-min' });
    const max = input('max', { type: 'number', min: 1, value: 1, 'data-testid': 'group-max' });
    const rows = h('div', { class: 'stack' });
    const addRow = () => {
      const i = rows.children.length;
      rows.append(h('div', { class: 'grid2 option-row' },
        field(t('menu.optionName'), input(`options[${i}].name`, { 'data-testid': 'option-name' })),
        field(t('menu.optionPrice'), input(`options[${i}].price_delta`, { type: 'number', step: 100, value: 0, 'data-testid': 'option-price' }))));
    };
    addRow(); addRow();
    form.append(field(t('menu.groupName'), gname), h('div', { class: 'grid2' }, field(t('menu.min'), min), field(t('menu.max'), max)), rows,
      formError(),
      h('div', { class: 'row end' }, h('button', { type: 'button', onclick: addRow }, t('menu.addOption')), h('button', { type: 'submit', class: 'primary', 'data-testid': 'group-add' }, t('menu.addGroup'))));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const options = [...rows.children].map((r) => {
        const [n, p] = r.querySelectorAll('input');
        return { name: n.value.trim(), price_delta: Number(p.value || 0), available: true };
      }).filter((o) => o.name);
      try {
        const g = await api.post(`/restaurants/me/menu/items/${item.id}/option-groups`, { name: gname.value.trim(), min: Number(min.value), max: Number(max.value), options });
        item.option_groups = [...(item.option_groups || []), g];
        show();
        form.reset();
        clearErrors(form);
        reload();
      } catch (err) { showErrors(form, err); }
    });
    return h('section', { class: 'stack', 'aria-labelledby': 'og-title' }, h('h3', { id: 'og-title' }, t('menu.optionGroups')), list, form);
  }

  // Price rules --------------------------------------------------------------------------------

  function rulesSection() {
    const rules = menu.price_rules || [];
    const names = (ids, from) => ids.map((id) => (from.find((x) => x.id === id) || {}).name).filter(Boolean).join(', ');
    const list = h('ul', { class: 'plain stack' }, rules.length ? rules.map((r) => h('li', { class: 'spread', 'data-testid': 'price-rule' },
      h('div', {}, h('strong', {}, r.name), ' ', h('span', { class: 'badge' }, ruleText(r)),
        h('div', { class: 'hint' }, `${r.days.length ? r.days.map((d) => t('day.' + d)).join(' ') : t('menu.everyDay')} · ${r.from}–${r.to}`,
          r.item_ids.length || r.category_ids.length ? ' · ' + [names(r.item_ids, menu.items), names(r.category_ids, menu.categories)].filter(Boolean).join(', ') : '')),
      h('button', { type: 'button', class: 'danger', onclick: async () => {
        if (!await confirmDialog(t('menu.deleteRule', { name: r.name }), t('bo.delete'))) return;
        try { await api.del(`/restaurants/me/menu/price-rules/${r.id}`); await load(); } catch (e) { ctx.reportError(e); }
      } }, t('bo.delete')))) : h('li', { class: 'muted' }, t('menu.noRules')));
    const form = h('form', { class: 'stack', 'data-testid': 'rule-form', novalidate: true });
    const kind = h('select', { name: 'kind' }, ['PERCENT_OFF', 'AMOUNT_OFF', 'SET_PRICE'].map((k) => h('option', { value: k }, t('menu.kind.' + k))));
    const dayBoxes = DAYS.map((d) => h('input', { type: 'checkbox', value: d, id: uid('day') }));
    const days = h('fieldset', { class: 'days' }, h('legend', {}, t('menu.days')),
      dayBoxes.map((b) => h('span', { class: 'day' }, b, h('label', { for: b.id }, t('day.' + b.value)))),
      h('p', { class: 'error-text field-error', id: 'days-err' }));
    const items = h('select', { name: 'item_ids', multiple: true, size: 4 }, menu.items.map((i) => h('option', { value: i.id }, i.name)));
    const cats = h('select', { name: 'category_ids', multiple: true, size: 4 }, menu.categories.map((c) => h('option', { value: c.id }, c.name)));
    const f = { name: input('name', { required: true }), value: input('value', { type: 'number', min: 0 }), from: input('from', { type: 'time', value: '15:00' }), to: input('to', { type: 'time', value: '17:00' }), priority: input('priority', { type: 'number', value: 0 }) };
    form.append(
      h('div', { class: 'grid3' }, field(t('menu.ruleName'), f.name), field(t('menu.kind'), kind), field(t('menu.value'), f.value)),
      days,
      h('div', { class: 'grid3' }, field(t('menu.from'), f.from), field(t('menu.to'), f.to), field(t('menu.priority'), f.priority)),
      h('div', { class: 'grid2' }, field(t('menu.items'), items), field(t('menu.ruleCategories'), cats)),
      formError(),
      h('div', { class: 'row end' }, h('button', { type: 'submit', class: 'primary' }, t('menu.addRule'))));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const picked = (s) => [...s.selectedOptions].map((o) => o.value);
      try {
        await api.post('/restaurants/me/menu/price-rules', {
          name: f.name.value.trim(), kind: kind.value, value: f.value.value === '' ? null : Number(f.value.value),
          days: dayBoxes.filter((b) => b.checked).map((b) => b.value), from: f.from.value, to: f.to.value,
          priority: Number(f.priority.value || 0), item_ids: picked(items), category_ids: picked(cats),
        });
        ctx.toast(t('bo.saved'));
        await load();
      } catch (err) { showErrors(form, err); }
    });
    return section(t('menu.priceRules'), list, h('details', {}, h('summary', {}, t('menu.addRule')), form));
  }

  function ruleText(r) {
    if (r.kind === 'PERCENT_OFF') return `${r.value}% ↓`;
    if (r.kind === 'AMOUNT_OFF') return `−${won(r.value)}`;
    return `= ${won(r.value)}`;
  }

  // Live ---------------------------------------------------------------------------------------

  let pending = null;
  const socket = connect({
    path: `/ws/restaurants/${rid}/menu`,
    resume: false,
    onMessage: (msg) => {
      if (msg.type === 'menu.item_changed' && msg.item) {
        const item = menu.items.find((i) => i.id === msg.item.id);
        if (!item) { reload(); return; }
        const { id, ...rest } = msg.item;
        Object.assign(item, rest);
        redraw(item);
      } else if (msg.type === 'menu.changed' || msg.type === 'menu.ready') {
        clearTimeout(pending);
        pending = setTimeout(reload, msg.type === 'menu.ready' ? 0 : 150);
      }
    },
  });

  await load();
  return () => { clearTimeout(pending); socket.stop(); };
}
