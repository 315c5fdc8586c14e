/// <reference lib="dom" />
import './styles.css';
import { loadSession, type Session, saveSession, setUnauthenticatedHandler } from './api.js';
import { closeOutPage } from './pages/close-out.js';
import { dispatchPage } from './pages/dispatch.js';
import { fleetPage } from './pages/fleet.js';
import { myJobsPage } from './pages/jobs.js';
import { loginPage } from './pages/login.js';
import { partsPage } from './pages/parts.js';
import { queuePage } from './pages/queue.js';
import { workOrderPage } from './pages/work-order.js';
import { currentPath, match, navigate, type Route } from './router.js';
import { button, h, mount } from './view.js';

const PLANNING = ['planner', 'admin'] as const;
const ROUTES: Route[] = [
  { path: '/queue', title: 'Work-order queue', page: queuePage, roles: PLANNING },
  { path: '/orders/:id', title: 'Work order', page: workOrderPage, roles: PLANNING },
  { path: '/dispatch', title: 'Dispatch board', page: dispatchPage, roles: PLANNING },
  { path: '/parts', title: 'Parts', page: partsPage, roles: PLANNING },
  { path: '/fleet', title: 'Fleet health', page: fleetPage, roles: PLANNING },
  { path: '/jobs', title: 'My jobs', page: myJobsPage, roles: ['technician'] },
  { path: '/jobs/:id', title: 'Close out', page: closeOutPage, roles: ['technician'] },
];
const NAV = ['/queue', '/dispatch', '/parts', '/fleet', '/jobs'];

let leaveCurrent: (() => void)[] = [];

function home(session: Session): string {
  return session.role === 'technician' ? '/jobs' : '/queue';
}

function renderHeader(session: Session | null): void {
  const top = document.getElementById('top')!;
  if (!session) {
    mount(top, h('span', { class: 'brand' }, 'Maintenance console'));
    return;
  }
  const path = currentPath();
  const links = ROUTES.filter((r) => NAV.includes(r.path) && r.roles.includes(session.role)).map((r) =>
    h(
      'a',
      { href: `#${r.path}`, 'aria-current': path.startsWith(r.path) ? 'page' : null },
      r.path === '/queue' ? 'Queue' : r.title,
    ),
  );
  mount(
    top,
    h('span', { class: 'brand' }, 'Maintenance console'),
    h('nav', { 'aria-label': 'Main' }, ...links),
    h('span', { class: 'who' }, `${session.username} (${session.role})`),
    button('Sign out', () => {
      saveSession(null);
      navigate('/login');
    }),
  );
}

async function route(): Promise<void> {
  for (const fn of leaveCurrent) fn();
  leaveCurrent = [];
  const main = document.getElementById('main')!;
  const session = loadSession();
  renderHeader(session);
  if (!session) {
    document.title = 'Sign in · Maintenance console';
    loginPage(main, (s) => {
      saveSession(s);
      navigate(home(s));
    });
    return;
  }
  const found = match(ROUTES, currentPath());
  if (!found?.route.roles.includes(session.role)) {
    navigate(home(session));
    return;
  }
  document.title = `${found.route.title} · Maintenance console`;
  mount(main, h('p', { class: 'loading' }, 'Loading…'));
  try {
    await found.route.page({ main, params: found.params, session, onLeave: (fn) => leaveCurrent.push(fn) });
  } catch (e) {
    mount(
      main,
      h('p', { class: 'error', role: 'alert' }, `Could not load this page: ${(e as Error).message}`),
    );
  }
}

setUnauthenticatedHandler(() => {
  saveSession(null);
  navigate('/login');
});
window.addEventListener('hashchange', () => void route());
void route();
