"use client";

import { useState } from "react";
import { api } from "@/lib/client/api";
import { useApiAction as useAction } from "@/app/_components/use-api-action";
import type { TokenView } from "@/lib/domain/tokens/service";
import type { AccountView } from "@/lib/domain/users/service";
import { PASSWORD_MIN } from "@/lib/domain/users/schema";

export function AccountForms({ account, tokens }: { account: AccountView; tokens: Array<TokenView> }) {
  const profile = useAction();
  const pw = useAction();
  const tok = useAction();
  const [fresh, setFresh] = useState<{ name: string; token: string } | null>(null);

  return (
    <div className="settings">
      <section className="card">
        <h2>Name</h2>
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            const name = String(new FormData(e.currentTarget).get("name"));
            void profile.run(() => api("/api/v1/me", { method: "PATCH", body: { name } }), "Name saved.");
          }}
        >
          <label className="field">
            <span>Display name</span>
            <input name="name" defaultValue={account.name} required maxLength={80} />
          </label>
          {profile.status}
          <button className="button" disabled={profile.busy}>
            Save name
          </button>
        </form>
      </section>

      <section className="card">
        <h2>Password</h2>
        <p className="hint">Changing it signs you out everywhere else and revokes all your API tokens; this browser stays signed in.</p>
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            const f = new FormData(form);
            void pw
              .run(() => api("/api/v1/me", { method: "PATCH", body: { currentPassword: String(f.get("currentPassword")), newPassword: String(f.get("newPassword")) } }), "Password changed.")
              .then(() => form.reset());
          }}
        >
          <label className="field">
            <span>Current password</span>
            <input name="currentPassword" type="password" autoComplete="current-password" required maxLength={200} />
          </label>
          <label className="field">
            <span>New password</span>
            <input name="newPassword" type="password" autoComplete="new-password" required minLength={PASSWORD_MIN} maxLength={200} />
            <small>At least {PASSWORD_MIN} characters.</small>
          </label>
          {pw.status}
          <button className="button" disabled={pw.busy}>
            Change password
          </button>
        </form>
      </section>

      <section className="card">
        <h2>API tokens</h2>
        <p className="hint">
          For scripts: send <code>Authorization: Bearer &lt;token&gt;</code> to any <code>/api/v1</code> endpoint. A token acts as you; revoke it when you no longer need it.
        </p>
        <form
          className="form form-inline"
          onSubmit={async (e) => {
            e.preventDefault();
            const form = e.currentTarget;
            const name = String(new FormData(form).get("name"));
            const r = await tok.run(() => api<{ token: string; name: string }>("/api/v1/tokens", { body: { name } }), "Token created.");
            if (r) {
              setFresh({ name: r.name, token: r.token });
              form.reset();
            }
          }}
        >
          <label className="field">
            <span>Token name</span>
            <input name="name" required maxLength={60} placeholder="grading script" />
          </label>
          <button className="button" disabled={tok.busy}>
            Create token
          </button>
        </form>
        {tok.status}
        {fresh ? (
          <div className="notice" role="status">
            <p>
              Copy your new token <strong>{fresh.name}</strong> now. It will not be shown again.
            </p>
            <input readOnly value={fresh.token} aria-label="New API token" onFocus={(e) => e.currentTarget.select()} data-testid="new-token" />
          </div>
        ) : null}
        {tokens.length === 0 ? (
          <p className="hint">No tokens yet.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Starts with</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>{new Date(t.createdAt).toLocaleDateString()}</td>
                  <td>{t.lastUsedAt ? new Date(t.lastUsedAt).toLocaleString() : "never"}</td>
                  <td>
                    <button type="button" className="link-button danger" disabled={tok.busy} onClick={() => tok.run(() => api(`/api/v1/tokens/${t.id}`, { method: "DELETE" }), `Token ${t.name} revoked.`)}>
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
