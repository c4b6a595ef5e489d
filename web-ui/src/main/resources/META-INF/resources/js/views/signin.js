// Sign in, or create an account where the server allows self sign-up.

import { post } from '../api.js';
import { h, replace } from '../dom.js';

export function signInView(main, ctx) {
  let mode = 'signin';
  const render = () => {
    const signingUp = mode === 'signup';
    const message = h('p', { class: 'error', role: 'alert', id: 'signin-error', hidden: true });
    const username = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true, autofocus: true });
    const password = h('input', {
      id: 'password', name: 'password', type: 'password', required: true,
      autocomplete: signingUp ? 'new-password' : 'current-password', minlength: signingUp ? 8 : null,
    });
    const submit = h('button', { type: 'submit', class: 'primary' }, signingUp ? 'Create account' : 'Sign in');
    const form = h('form', { class: 'card narrow', 'aria-describedby': 'signin-error' },
      h('h1', {}, signingUp ? 'Create an account' : 'Sign in'),
      h('p', { class: 'muted' }, 'Design, train and evaluate deep-learning experiments for analog in-memory computing — no code needed.'),
      h('div', { class: 'field' }, h('label', { for: 'username' }, 'User name'), username),
      h('div', { class: 'field' }, h('label', { for: 'password' }, 'Password'), password,
        signingUp ? h('small', { class: 'help' }, 'At least 8 characters.') : null),
      message,
      h('div', { class: 'actions' }, submit,
        h('button', { type: 'button', class: 'link', onclick: () => { mode = signingUp ? 'signin' : 'signup'; render(); } },
          signingUp ? 'I have an account' : 'Create an account')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      message.hidden = true;
      submit.disabled = true;
      const credentials = { username: username.value.trim(), password: password.value };
      try {
        if (signingUp) await post('/api/v1/auth/signup', credentials);
        const user = await post('/api/v1/auth/login', credentials);
        ctx.setUser(user);
        const next = sessionStorage.getItem('after-sign-in');
        sessionStorage.removeItem('after-sign-in');
        ctx.go(next && next !== '/signin' ? next : '/');
      } catch (e) {
        const fieldErrors = e.errors?.map((f) => `${f.pointer.replace('/', '')}: ${f.message}`).join('; ');
        message.textContent = fieldErrors ? `${e.plain} (${fieldErrors})` : e.plain;
        message.hidden = false;
        submit.disabled = false;
        password.focus();
        password.select();
      }
    });
    replace(main, form);
    username.focus();
  };
  if (ctx.session.user) {
    ctx.go('/');
    return null;
  }
  render();
  return null;
}
