/** The sign-in page (password and passkey) and the notice shown when Cloudflare Access is in charge. */
import type { FC } from "hono/jsx";
import { BASE, Layout, Notice } from "../layout.tsx";
import { PasskeyScript } from "./passkeys.tsx";

/** The password form; `csrf` is the login token also set in a __Host- cookie. */
export const LoginPage: FC<{ csrf: string; error?: string; info?: string; email?: string; next?: string }> = ({ csrf, error, info, email, next }) => (
  <Layout title="Masuk">
    <PasskeyScript />
    <div class="login card">
      <h1>Masuk dasbor petugas</h1>
      <p class="muted small">BINJOL · Bimbingan Jabatan Online</p>
      <Notice kind="err" text={error} />
      <Notice kind="ok" text={info} />
      <form method="post" action={`${BASE}/login`}>
        <input type="hidden" name="_csrf" value={csrf} />
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" required maxlength={254} value={email ?? ""} autofocus />
        <label for="password">Kata sandi</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required maxlength={1024} />
        <button type="submit">Masuk</button>
      </form>
      <form class="passkey-login" data-passkey="login" data-options={`${BASE}/passkey/opsi`} method="post" action={`${BASE}/passkey/masuk`} hidden>
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <p class="muted small or">atau</p>
        <button type="submit" class="secondary">
          Masuk dengan passkey
        </button>
      </form>
      <p class="small" data-passkey-status role="status" aria-live="polite"></p>
    </div>
  </Layout>
);

/** A page with one message and a link (Access notices, cross-site arrivals, errors). */
export const MessagePage: FC<{ title: string; text: string; link?: { href: string; label: string } }> = ({ title, text, link }) => (
  <Layout title={title}>
    <div class="login card">
      <h1>{title}</h1>
      <p>{text}</p>
      {link ? (
        <p>
          <a class="button" href={link.href}>
            {link.label}
          </a>
        </p>
      ) : null}
    </div>
  </Layout>
);
