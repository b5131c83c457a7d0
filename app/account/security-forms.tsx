"use client";

// Sessions ("sign out everywhere", one device at a time) and account deletion. Both end with this
// browser signed out: the (already refused) cookie is cleared too, then the page is left.
import { useState } from "react";
import { api, signOut } from "@/lib/client/api";
import { useApiAction as useAction } from "@/app/_components/use-api-action";
import type { SessionView } from "@/lib/domain/sessions/service";

/**
 * Clears this browser's cookie (its session is already revoked) and leaves for `to` with a full
 * page load: nothing of the signed-in client state survives, and no refresh of the page being left
 * (which now redirects to /signin) can race the navigation, as router.push + refresh did.
 */
function useLeave() {
  return async (to: string) => {
    await signOut().catch(() => {});
    window.location.assign(to);
  };
}

export function SessionsCard({ sessions }: { sessions: SessionView[] }) {
  const act = useAction();
  const leave = useLeave();
  return (
    <section className="card" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Where you are signed in</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Device</th>
            <th scope="col">Signed in</th>
            <th scope="col">Last seen</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id}>
              <td>
                {s.label}
                {s.current ? <strong> (this browser)</strong> : null}
              </td>
              <td>{new Date(s.createdAt).toLocaleDateString()}</td>
              <td>{new Date(s.lastSeenAt).toLocaleString()}</td>
              <td>
                {s.current ? null : (
                  <button type="button" className="link-button danger" disabled={act.busy} onClick={() => act.run(() => api(`/api/v1/me/sessions/${s.id}`, { method: "DELETE" }), `Signed out ${s.label}.`)}>
                    Sign out
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {act.status}
      <button
        type="button"
        className="button"
        disabled={act.busy}
        onClick={async () => {
          const r = await act.run(() => api("/api/v1/me/sessions", { method: "DELETE" }), "Signed out everywhere.");
          if (r) await leave("/signin");
        }}
      >
        Sign out everywhere
      </button>
      <p className="hint">Ends every session, this one included, and closes their live connections. API tokens keep working; revoke them below.</p>
    </section>
  );
}

export function DeleteAccountCard() {
  const act = useAction();
  const leave = useLeave();
  const [confirmed, setConfirmed] = useState(false);
  return (
    <section className="card" aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete your account</h2>
      <p className="form-error">
        This cannot be undone. Your account, memberships, reactions, notifications, API tokens and sessions are deleted, and you are signed out everywhere.
      </p>
      <form
        className="form"
        onSubmit={async (e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const body = { password: String(f.get("password")), comments: String(f.get("comments")) };
          const r = await act.run(() => api("/api/v1/me", { method: "DELETE", body }).then(() => true), "Your account was deleted.");
          if (r) await leave("/");
        }}
      >
        <fieldset className="field">
          <legend>Your comments</legend>
          <label>
            <input type="radio" name="comments" value="keep" defaultChecked /> Keep them in the discussions, shown as “Former member”
          </label>
          <label>
            <input type="radio" name="comments" value="delete" /> Delete them (replies by others stay)
          </label>
        </fieldset>
        <label className="field">
          <span>Confirm with your password</span>
          <input name="password" type="password" autoComplete="current-password" required maxLength={200} />
        </label>
        <label>
          <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.currentTarget.checked)} /> I understand that this deletes my account for good
        </label>
        {act.status}
        <button className="button danger" disabled={act.busy || !confirmed}>
          Delete my account
        </button>
      </form>
    </section>
  );
}
