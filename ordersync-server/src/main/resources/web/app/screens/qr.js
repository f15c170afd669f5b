// Placeholder: the qr screen is being built (issue 17).
import { h } from '/assets/shared/dom.js';

export function mount(ctx, el) {
  el.append(h('h1', {}, ctx.t('nav.qr')));
}
