// Account: change the password, and API tokens for scripts and the aimc command line (create — the secret
// is shown once —, list, revoke).

import { del, get, post } from '../api.js';
import { dialog, h, replace, toast } from '../dom.js';
import { dateTime } from '../format.js';

export async function accountView(main, ctx) {
  const user = ctx.session.user;
  const tokensBody = h('tbody');
  const tokensTable = h('table', { class: 'list', id: 'tokens' },
    h('caption', { class: 'sr-only' }, 'Your API tokens'),
    h('thead', {}, h('tr', {}, ['Name', 'Starts with', 'Created', 'Last used', 'Expires', 'State', ''].map((t) => h('th', { scope: 'col' }, t)))),
    tokensBody);
  const noTokens = h('p', { class: 'empty', hidden: true }, 'No API tokens yet.');
  const secretBox = h('div', { class: 'secret', id: 'new-token', hidden: true, role: 'region', 'aria-label': 'New token' });

  async function loadTokens() {
    const tokens = await get('/api/v1/account/tokens');
    tokensBody.replaceChildren(...tokens.map((t) => {
      const state = t.revoked_at ? 'Revoked' : t.expires_at && new Date(t.expires_at) < new Date() ? 'Expired' : 'Active';
      return h('tr', { dataset: { id: t.id, state } },
        h('th', { scope: 'row' }, t.name),
        h('td', {}, h('code', {}, `${t.prefix}…`)),
        h('td', {}, dateTime(t.created_at)),
        h('td', {}, t.last_used_at ? dateTime(t.last_used_at) : 'never'),
        h('td', {}, t.expires_at ? dateTime(t.expires_at) : 'never'),
        h('td', {}, state),
        h('td', {}, state === 'Active' ? h('button', { type: 'button', class: 'danger', 'aria-label': `Revoke ${t.name}`, onclick: () => revoke(t) }, 'Revoke') : null));
    }));
    tokensTable.hidden = tokens.length === 0;
    noTokens.hidden = tokens.length > 0;
  }

  async function revoke(t) {
    const answer = await dialog({
      title: 'Revoke token?',
      body: h('p', {}, `Scripts using “${t.name}” will stop working at once.`),
      actions: [{ label: 'Keep it', value: 'cancel' }, { label: 'Revoke', value: 'ok', class: 'danger' }],
    });
    if (answer !== 'ok') return;
    try {
      await del(`/api/v1/account/tokens/${t.id}`);
      toast(`Revoked “${t.name}”.`);
      await loadTokens();
    } catch (e) {
      toast(e.plain, 'error');
    }
  }

  const tokenName = h('input', { id: 'token-name', required: true, maxlength: 100, placeholder: 'e.g. laptop CLI' });
  const tokenDays = h('input', { id: 'token-days', type: 'number', min: 1, max: 3650, step: 1, placeholder: 'never', 'aria-describedby': 'token-days-help' });
  const tokenError = h('p', { class: 'error', role: 'alert', hidden: true });
  const createForm = h('form', { class: 'inline-form', id: 'create-token' },
    h('div', { class: 'field' }, h('label', { for: 'token-name' }, 'Token name'), tokenName),
    h('div', { class: 'field' }, h('label', { for: 'token-days' }, 'Expires after (days)'), tokenDays,
      h('small', { class: 'help', id: 'token-days-help' }, 'Leave empty for a token that does not expire.')),
    h('button', { type: 'submit', class: 'primary' }, 'Create token'), tokenError);
  createForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    tokenError.hidden = true;
    try {
      const body = { name: tokenName.value.trim() };
      if (tokenDays.value) body.expires_in_days = Number(tokenDays.value);
      const created = await post('/api/v1/account/tokens', body);
      showSecret(created);
      createForm.reset();
      await loadTokens();
    } catch (err) {
      tokenError.textContent = err.plain;
      tokenError.hidden = false;
    }
  });

  function showSecret(created) {
    const value = h('input', { id: 'token-secret', readonly: true, value: created.token, 'aria-describedby': 'token-secret-help', spellcheck: 'false' });
    const copyButton = h('button', { type: 'button', id: 'copy-token' }, 'Copy');
    const copied = h('span', { role: 'status', class: 'muted' });
    copyButton.addEventListener('click', async () => {
      value.select();
      try {
        await navigator.clipboard.writeText(created.token);
        copied.textContent = 'Copied.';
      } catch (e) {
        // No clipboard permission (e.g. an insecure origin): the text is selected for Ctrl+C instead.
        copied.textContent = 'Press Ctrl+C (⌘C) to copy the selected token.';
      }
    });
    const done = h('button', { type: 'button', id: 'token-done' }, 'I have copied it');
    showUsage(created.token);
    done.addEventListener('click', () => {
      showUsage(null);
      secretBox.hidden = true;
      secretBox.replaceChildren();
      tokenName.focus();
    });
    replace(secretBox,
      h('h3', {}, `Token “${created.name}” created`),
      h('p', { id: 'token-secret-help' }, 'Copy it now: it is shown only this once. Use it as “Authorization: Bearer <token>” or with aimc login.'),
      h('div', { class: 'copy-row' }, h('label', { for: 'token-secret', class: 'sr-only' }, 'Token'), value, copyButton, copied),
      done);
    secretBox.hidden = false;
    value.focus();
    value.select();
  }

  // How to use a token from the command line and from AIHWKit, with this server's address filled in (and the
  // token itself while it is shown).
  const usage = h('div', { id: 'token-usage' });
  function showUsage(token) {
    const origin = location.origin;
    const secret = token || '<your API token>';
    replace(usage,
      h('h3', {}, 'With the aimc command line'),
      h('pre', { class: 'snippet', id: 'usage-aimc' }, h('code', {}, `echo '${secret}' | aimc login --url ${origin} --token-stdin
aimc experiments list`)),
      h('h3', {}, 'With AIHWKit’s cloud client'),
      h('p', {}, 'Save as aihwkit.conf in your working directory or in ~/.config/aihwkit/ (AIHW_API_TOKEN in the environment overrides the token):'),
      h('pre', { class: 'snippet', id: 'usage-aihwkit' }, h('code', {}, `[cloud]\napi_url = ${origin}/aihw\napi_token = ${secret}`)),
      h('p', { class: 'help' }, token ? 'The token is filled in above only while it is shown here.' : 'Create a token above to have it filled in.'));
  }
  showUsage(null);

  const current = h('input', { id: 'current-password', type: 'password', autocomplete: 'current-password', required: true });
  const next = h('input', { id: 'new-password', type: 'password', autocomplete: 'new-password', required: true, minlength: 8 });
  const again = h('input', { id: 'repeat-password', type: 'password', autocomplete: 'new-password', required: true });
  const passwordMessage = h('p', { role: 'status', hidden: true });
  const passwordForm = h('form', { id: 'password-form', class: 'narrow' },
    h('div', { class: 'field' }, h('label', { for: 'current-password' }, 'Current password'), current),
    h('div', { class: 'field' }, h('label', { for: 'new-password' }, 'New password'), next),
    h('div', { class: 'field' }, h('label', { for: 'repeat-password' }, 'New password again'), again),
    passwordMessage, h('button', { type: 'submit' }, 'Change password'));
  passwordForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const say = (text, ok) => {
      passwordMessage.textContent = text;
      passwordMessage.className = ok ? 'ok' : 'error';
      passwordMessage.hidden = false;
    };
    if (next.value !== again.value) return say('The two new passwords differ.', false);
    try {
      await post('/api/v1/account/password', { current_password: current.value, new_password: next.value });
      passwordForm.reset();
      return say('Password changed.', true);
    } catch (err) {
      const details = err.errors?.map((f) => f.message).join('; ');
      return say(details ? `${err.plain}: ${details}` : err.plain, false);
    }
  });

  replace(main,
    h('h1', {}, 'Account'),
    h('p', { class: 'muted' }, `Signed in as ${user.username} (${user.role}).`),
    h('section', { 'aria-labelledby': 'tokens-title' },
      h('h2', { id: 'tokens-title' }, 'API tokens'),
      h('p', {}, 'Tokens let scripts and the aimc command line act as you without your password.'),
      createForm, secretBox, h('div', { class: 'table-wrap' }, tokensTable), noTokens),
    h('section', { 'aria-labelledby': 'usage-title' },
      h('h2', { id: 'usage-title' }, 'Using a token'), usage),
    h('section', { 'aria-labelledby': 'password-title' },
      h('h2', { id: 'password-title' }, 'Password'), passwordForm));
  await loadTokens();
  return null;
}
