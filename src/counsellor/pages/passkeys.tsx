/** The settings page (the counsellor's passkeys: list, add, revoke) and the invite page (a first passkey by link). */
import type { FC } from "hono/jsx";
import type { OfficeClock } from "../../core/clock.ts";
import type { Staff } from "../auth.ts";
import { formatTime } from "../format.ts";
import { BASE, CsrfField, Layout, Notice } from "../layout.tsx";
import { PASSKEY_VERSION } from "../passkey-script.ts";
import { MAX_NAME, type PasskeyRow } from "../passkeys.ts";

/** The passkey script tag (only on pages with a passkey button). */
export const PasskeyScript: FC = () => <script src={`${BASE}/passkey.js?v=${PASSKEY_VERSION}`} defer></script>;

/** /admin/pengaturan: the counsellor's passkeys. */
export const SettingsPage: FC<{ staff: Staff; passkeys: PasskeyRow[]; clock: OfficeClock; notice?: { kind: "ok" | "err"; text: string } }> = ({
  staff,
  passkeys,
  clock,
  notice,
}) => (
  <Layout title="Pengaturan" staff={staff} section="settings">
    <PasskeyScript />
    <h1>Pengaturan akun</h1>
    <Notice kind={notice?.kind ?? "ok"} text={notice?.text} />
    <section class="card" aria-labelledby="pk-title">
      <h2 id="pk-title">Passkey</h2>
      <p class="muted small">
        Passkey memungkinkan Anda masuk dengan sidik jari, wajah, PIN perangkat, atau kunci keamanan, tanpa kata sandi. Anda dapat mendaftarkan beberapa passkey,
        misalnya untuk laptop kantor dan ponsel.
      </p>
      {passkeys.length === 0 ? (
        <p>Belum ada passkey terdaftar.</p>
      ) : (
        <div class="table-wrap">
          <table class="passkeys">
            <thead>
              <tr>
                <th scope="col">Nama</th>
                <th scope="col">Didaftarkan</th>
                <th scope="col">Terakhir dipakai</th>
                <th scope="col">
                  <span class="sr-only">Tindakan</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {passkeys.map((k) => (
                <tr data-passkey={String(k.id)}>
                  <td>{k.name}</td>
                  <td>{formatTime(k.createdAt, clock)}</td>
                  <td>{k.lastUsedAt ? formatTime(k.lastUsedAt, clock) : "Belum pernah"}</td>
                  <td>
                    <form method="post" action={`${BASE}/pengaturan/passkey/${k.id}/cabut`} data-confirm={`Cabut passkey "${k.name}"? Passkey ini tidak dapat dipakai lagi untuk masuk.`}>
                      <CsrfField staff={staff} />
                      <button type="submit" class="danger" aria-label={`Cabut passkey ${k.name}`}>
                        Cabut
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <RegisterForm action={`${BASE}/pengaturan/passkey`} submit="Tambah passkey" noScript="Menambah passkey memerlukan JavaScript." inline muted>
        <CsrfField staff={staff} />
      </RegisterForm>
    </section>
  </Layout>
);

/** /admin/undangan/:token: register a first passkey without a password. */
export const InvitePage: FC<{ token: string; name: string; email: string }> = ({ token, name, email }) => (
  <Layout title="Daftarkan passkey">
    <PasskeyScript />
    <div class="login card">
      <h1>Daftarkan passkey</h1>
      <p>
        Halo, {name}. Daftarkan passkey untuk akun <strong>{email}</strong>. Setelah itu Anda masuk dasbor petugas dengan passkey, tanpa kata sandi.
      </p>
      <p class="muted small">Tautan ini hanya dapat dipakai sekali.</p>
      <RegisterForm action={`${BASE}/undangan/${token}`} submit="Daftarkan passkey" noScript="Mendaftarkan passkey memerlukan JavaScript." />
    </div>
  </Layout>
);

/**
 * The form /admin/passkey.js turns into a registration ceremony (options from `${action}/opsi`), its status line and
 * what shows without JavaScript; children go inside the form (the CSRF field).
 */
const RegisterForm: FC<{ action: string; submit: string; noScript: string; inline?: boolean; muted?: boolean; children?: unknown }> = (p) => (
  <>
    <form id="passkey-register" {...(p.inline ? { class: "inline" } : {})} data-passkey="register" data-options={`${p.action}/opsi`} action={p.action} method="post" hidden>
      {p.children}
      <label for="passkey-name">Nama passkey</label>
      <input id="passkey-name" name="name" type="text" maxlength={MAX_NAME} placeholder="mis. Laptop kantor" />
      <button type="submit">{p.submit}</button>
    </form>
    <p class={p.muted ? "small muted" : "small"} data-passkey-status role="status" aria-live="polite"></p>
    <noscript>
      <p class="small">{p.noScript}</p>
    </noscript>
  </>
);
