"use client";

import { useState } from "react";
import { api } from "@/lib/client/api";
import type { MemberView, SeminarView } from "@/lib/domain/seminars/present";
import { useApiAction } from "@/app/_components/use-api-action";

export function SettingsPanel({ seminar, members }: { seminar: SeminarView; members: MemberView[] }) {
  const { run: act, busy, status } = useApiAction();
  // Shown at once when clicked; the saved value comes back with the page's refresh.
  const [studentsMayExport, setStudentsMayExport] = useState(seminar.studentsMayExport ?? false);
  const patch = (body: object, done: string) => act(() => api(`/api/v1/seminars/${seminar.id}`, { method: "PATCH", body }), done);
  const localValue = (iso: string | null) => (iso ? new Date(new Date(iso).getTime() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16) : "");

  return (
    <div className="settings">
      <div className="settings-status">{status}</div>

      <section className="card">
        <h2>State</h2>
        <p>
          This seminar is <strong data-testid="settings-state">{seminar.state}</strong>.{" "}
          {seminar.state === "open" ? "Students can read and write." : "Students can read it but not write."}
        </p>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => patch({ closed: seminar.state === "open" }, seminar.state === "open" ? "Seminar closed." : "Seminar reopened.")}
        >
          {seminar.state === "open" ? "Close seminar" : "Reopen seminar"}
        </button>
      </section>

      <section className="card">
        <h2>Invite link</h2>
        <p className="hint">Anyone with this link can join as a student. Make a new one to stop the old link working.</p>
        <div className="invite">
          <input readOnly value={seminar.inviteUrl ?? ""} aria-label="Invite link" onFocus={(e) => e.currentTarget.select()} />
          <button type="button" className="button button-secondary" disabled={busy} onClick={() => act(() => api(`/api/v1/seminars/${seminar.id}/join-code`, { method: "POST" }), "New invite link made; the old one no longer works.")}>
            New link
          </button>
        </div>
      </section>

      <section className="card">
        <h2>Details</h2>
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            const closes = String(f.get("closesAt") || "");
            void patch(
              {
                title: String(f.get("title")),
                description: String(f.get("description") || "") || null,
                closesAt: closes ? new Date(closes).toISOString() : null,
              },
              "Details saved.",
            );
          }}
        >
          <label className="field">
            <span>Title</span>
            <input name="title" defaultValue={seminar.title} required maxLength={200} />
          </label>
          <label className="field">
            <span>Description</span>
            <textarea name="description" defaultValue={seminar.description ?? ""} rows={3} maxLength={4000} />
          </label>
          <label className="field">
            <span>Closes</span>
            <input name="closesAt" type="datetime-local" defaultValue={localValue(seminar.closesAt)} />
          </label>
          <button className="button" type="submit" disabled={busy}>
            Save details
          </button>
        </form>
      </section>

      <section className="card">
        <h2>Names</h2>
        <fieldset className="radio-group" disabled={busy}>
          <legend className="visually-hidden">Who sees students&rsquo; names</legend>
          <label>
            <input type="radio" name="names" checked={seminar.nameVisibility === "shown"} onChange={() => patch({ nameVisibility: "shown" }, "Names are shown to everyone.")} />
            Everyone sees everyone&rsquo;s name
          </label>
          <label>
            <input
              type="radio"
              name="names"
              checked={seminar.nameVisibility === "hidden_from_students"}
              onChange={() => patch({ nameVisibility: "hidden_from_students" }, "Students now see each other as pseudonyms.")}
            />
            Hide students&rsquo; names from other students (they see &ldquo;Student 7&rdquo;; instructors see names)
          </label>
        </fieldset>
      </section>

      <section className="card">
        <h2>Exports</h2>
        <fieldset className="radio-group">
          <legend className="visually-hidden">What students may export</legend>
          <label>
          <input
            type="checkbox"
            name="studentsMayExport"
            disabled={busy}
            checked={studentsMayExport}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              setStudentsMayExport(on);
              patch({ studentsMayExport: on }, on ? "Students can now export the whole discussion, as they see it." : "Students can now export only their own comments.");
            }}
          />{" "}
          Students may export the whole discussion (as they see it in the room; otherwise only their own comments)
          </label>
        </fieldset>
      </section>

      <section className="card">
        <h2>Members ({members.length})</h2>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.key}>
                <td>
                  {m.name}
                  {m.isYou ? " (you)" : ""}
                </td>
                <td>{m.email}</td>
                <td>{m.role}</td>
                <td className="table-actions">
                  {m.userId ? (
                    <>
                      <button
                        type="button"
                        className="link-button"
                        disabled={busy}
                        onClick={() =>
                          act(
                            () => api(`/api/v1/seminars/${seminar.id}/members/${m.userId}`, { method: "PATCH", body: { role: m.role === "student" ? "instructor" : "student" } }),
                            `${m.name} is now ${m.role === "student" ? "an instructor" : "a student"}.`,
                          )
                        }
                      >
                        {m.role === "student" ? "Make instructor" : "Make student"}
                      </button>
                      {!m.isYou ? (
                        <button
                          type="button"
                          className="link-button danger"
                          disabled={busy}
                          onClick={() => {
                            if (confirm(`Remove ${m.name} from this seminar?`)) {
                              void act(() => api(`/api/v1/seminars/${seminar.id}/members/${m.userId}`, { method: "DELETE" }), `${m.name} was removed.`);
                            }
                          }}
                        >
                          Remove
                        </button>
                      ) : null}
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
