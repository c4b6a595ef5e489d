// The composer's single page: a hash router (#/, #/new, #/experiments/<id>, #/runs/<id>, #/account,
// #/compare, #/presets, #/datasets, #/signin) over views that each render into <main> and return a clean-up function (closing
// live streams and timers when the user leaves).

import { api, get, onUnauthorized } from './api.js';
import { h, replace, toast } from './dom.js';
import { signInView } from './views/signin.js';
import { homeView } from './views/home.js';
import { galleryView } from './views/gallery.js';
import { editorView } from './views/editor.js';
import { runView } from './views/run.js';
import { accountView } from './views/account.js';
import { compareView } from './views/compare.js';
import { presetsView } from './views/presets.js';
import { datasetsView } from './views/datasets.js';
import { sweepView } from './views/sweep.js';

const session = { user: null };
const main = document.getElementById('view');
let cleanup = null;
// A view with unsaved work sets a guard: a function answering whether it may be left.
let leaveGuard = null;
let currentHash = location.hash;
let restoringHash = false;

const routes = [
  [/^\/signin$/, () => signInView, false],
  [/^\/?$/, () => homeView, true],
  [/^\/new$/, () => galleryView, true],
  // ids are UUIDs: any other address is "not found" here, not a server message about a parameter
  [/^\/experiments\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, () => editorView, true],
  [/^\/runs\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, () => runView, true],
  [/^\/account$/, () => accountView, true],
  [/^\/compare$/, () => compareView, true],
  [/^\/presets$/, () => presetsView, true],
  [/^\/datasets$/, () => datasetsView, true],
  [/^\/sweeps\/(sweep-[\w-]+)$/, () => sweepView, true],
];

function currentPath() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, search] = hash.split('?');
  return { path, params: new URLSearchParams(search || '') };
}

export function go(path) {
  if (location.hash === `#${path}`) route();
  else location.hash = path;
}

function showNav() {
  document.getElementById('nav').hidden = !session.user;
  document.getElementById('who').textContent = session.user ? `Signed in as ${session.user.username}` : '';
}

async function route() {
  if (restoringHash) {
    restoringHash = false;
    return;
  }
  if (leaveGuard && !leaveGuard()) {
    // Stay: put the address back without rendering the page again.
    restoringHash = true;
    location.hash = currentHash;
    return;
  }
  leaveGuard = null;
  currentHash = location.hash;
  if (cleanup) {
    try {
      cleanup();
    } catch (e) {
      console.error(e);
    }
    cleanup = null;
  }
  // Messages belong to the page they were about.
  document.getElementById('toasts').replaceChildren();
  const { path, params } = currentPath();
  const match = routes.map(([re, view, auth]) => [path.match(re), view, auth]).find(([m]) => m);
  if (!match) {
    replace(main, h('h1', {}, 'Not found'), h('p', {}, 'There is no page at this address. ', h('a', { href: '#/' }, 'Go home')));
    return;
  }
  const [m, view, needsAuth] = match;
  if (needsAuth && !session.user) {
    sessionStorage.setItem('after-sign-in', path + (params.toString() ? `?${params}` : ''));
    go('/signin');
    return;
  }
  replace(main, h('p', { class: 'loading', role: 'status' }, 'Loading…'));
  const ctx = { session, params, go, setUser, guardLeaving: (fn) => { leaveGuard = fn; } };
  try {
    cleanup = (await view()(main, ctx, ...m.slice(1))) || null;
  } catch (e) {
    if (e.status === 401) {
      // The session ended behind the page's back (signed out elsewhere, password changed, expired).
      leaveGuard = null;
      setUser(null);
      sessionStorage.setItem('after-sign-in', path);
      go('/signin');
      return;
    }
    if (e.status === 404 || e.status === 403) {
      replace(main, h('h1', {}, 'Not found'), h('p', {}, 'Nothing of yours is at this address: it was deleted, or it belongs to someone else. ', h('a', { href: '#/' }, 'Go home')));
      document.title = 'Not found · Analog Composer';
      return;
    }
    console.error(e);
    replace(main, h('h1', {}, 'Something went wrong'),
      h('p', { class: 'error', role: 'alert' }, e.plain || e.message || String(e)),
      h('p', {}, h('a', { href: '#/' }, 'Back to your experiments')));
  }
  const heading = main.querySelector('h1');
  document.title = heading ? `${heading.textContent} · Analog Composer` : 'Analog Composer';
  main.focus({ preventScroll: true });
}

function setUser(user) {
  session.user = user;
  showNav();
}

onUnauthorized(() => {
  if (session.user) {
    leaveGuard = null; // the session is gone: nothing can be saved any more
    setUser(null);
    toast('Your session ended; please sign in again.', 'error');
    sessionStorage.setItem('after-sign-in', currentPath().path);
    go('/signin');
  }
});

document.getElementById('sign-out').addEventListener('click', async () => {
  if (leaveGuard && !leaveGuard()) return;
  leaveGuard = null;
  try {
    await api('POST', '/api/v1/auth/logout');
  } catch (e) {
    // Signed out either way: the server may already have ended the session.
  }
  setUser(null);
  go('/signin');
});

window.addEventListener('hashchange', route);

(async function start() {
  try {
    setUser(await get('/api/v1/auth/me'));
  } catch (e) {
    setUser(null);
  }
  route();
})();
