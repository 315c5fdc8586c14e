/// <reference lib="dom" />
import { post, type Session } from '../api.js';
import { form, value } from '../forms.js';
import { field, h, mount } from '../view.js';

interface LoginAnswer {
  token: string;
  role: string;
  expiresAt: number | string;
}

/** Sign-in form; on success hands the new session to `done`. */
export function loginPage(main: HTMLElement, done: (session: Session) => void): void {
  const username = h('input', {
    name: 'username',
    autocomplete: 'username',
    required: true,
    autocapitalize: 'none',
    spellcheck: 'false',
  });
  const password = h('input', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const el = form(
    { label: 'Sign in', class: 'form login' },
    async (f) => {
      const name = value(f, 'username');
      const answer = await post<LoginAnswer>('/auth/login', { username: name, password: password.value });
      const expiresAt =
        typeof answer.expiresAt === 'number' ? answer.expiresAt : Date.parse(answer.expiresAt);
      done({ token: answer.token, role: answer.role, username: name, expiresAt });
    },
    h('h1', {}, 'Sign in'),
    field('Username', username),
    field('Password', password),
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
  );
  mount(main, h('section', { class: 'login-wrap' }, el));
  username.focus();
}
