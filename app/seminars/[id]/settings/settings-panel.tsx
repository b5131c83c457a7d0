"use client";

import { useState } from "react";
import { api } from "@/lib/client/api";
import type { MemberView, SeminarView } from "@/lib/domain/seminars/present";
import { useApiAction } from "@/app/_components/use-api-action";

/** The card an action was started from: its confirmation (or error) is shown there. */
type Section = "state" | "invite" | "details" | "names" | "exports" | "members";

export function SettingsPanel({ seminar, members }: { seminar: SeminarView; members: MemberView[] }) {
  const { run, busy, status } = useApiAction();
  // Shown at once when clicked; the saved value comes back with the page's refresh.
  const [studentsMayExport, setStudentsMayExport] = useState(seminar.studentsMayExport ?? false);
  const [names, setNames] = useState(seminar.nameVisibility);
  const showNames = (to: SeminarView["nameVisibility"], done: string) => {
    setNames(to);
    void patch("names", { nameVisibility: to }, done);
  };
  // A confirmation at the top of the page was off-screen for whoever changed something lower
  // down: it now appears in the card that was used, next to the control.
  const [where, setWhere] = useState<Section>("state");
  const act = <T,>(section: Section, what: () => Promise<T>, done: string) => {
    setWhere(section);
    return run(what, done);
  };
  /**
   * Every card keeps a polite live region mounted (an empty one where nothing happened), so a
   * screen reader hears the message when it arrives; React reuses the same element when `status`
   * moves in, as both are a div in the same place.
   */
  const statusIn = (section: Section) => (where === section ? status : <div aria-live="polite" className="action-status" />);
  const patch = (section: Section, body: object, done: string) => act(section, () => api(`/api/v1/seminars/${seminar.id}`, { method: "PATCH", body }), done);
  const localValue = (iso: string | null) => (iso ? new Date(new Date(iso).getTime() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16) : "");

  return (
    <div className="settings">
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
          onClick={() => patch("state", { closed: seminar.state === "open" }, seminar.state === "open" ? "Seminar closed." : "Seminar reopened.")}
        >
          {seminar.state === "open" ? "Close seminar" : "Reopen seminar"}
        </button>
        {statusIn("state")}
      </section>

      <section className="card">
        <h2>Invite link</h2>
        <p className="hint">Anyone with this link can join as a student. Make a new one to stop the old link working.</p>
        <div className="invite">
          <input readOnly value={seminar.inviteUrl ?? ""} aria-label="Invite link" onFocus={(e) => e.currentTarget.select()} />
          <button type="button" className="button button-secondary" disabled={busy} onClick={() => act("invite", () => api(`/api/v1/seminars/${seminar.id}/join-code`, { method: "POST" }), "New invite link made; the old one no longer works.")}>
            New link
          </button>
        </div>
        {statusIn("invite")}
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
              "details",
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
        {statusIn("details")}
      </section>

      <section className="card">
        <h2>Names</h2>
        <fieldset className="radio-group" disabled={busy}>
          <legend className="visually-hidden">Who sees students&rsquo; names</legend>
          <label>
            <input type="radio" name="names" checked={names === "shown"} onChange={() => showNames("shown", "Names are shown to everyone.")} />
            Everyone sees everyone&rsquo;s name
          </label>
          <label>
            <input
              type="radio"
              name="names"
              checked={names === "hidden_from_students"}
              onChange={() => showNames("hidden_from_students", "Students now see each other as pseudonyms.")}
            />
            Hide students&rsquo; names from other students (they see &ldquo;Student 7&rdquo;; instructors see names)
          </label>
        </fieldset>
        {statusIn("names")}
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
              patch("exports", { studentsMayExport: on }, on ? "Students can now export the whole discussion, as they see it." : "Students can now export only their own comments.");
            }}
          />{" "}
          Students may export the whole discussion (as they see it in the room; otherwise only their own comments)
          </label>
        </fieldset>
        {statusIn("exports")}
      </section>

      <section className="card">
        <h2>Members ({members.length})</h2>
        {/* Wider than a phone (emails): it scrolls sideways instead of widening the page. */}
        <div className="table-scroll">
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
                              "members",
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
                                void act("members", () => api(`/api/v1/seminars/${seminar.id}/members/${m.userId}`, { method: "DELETE" }), `${m.name} was removed.`);
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
        </div>
        {statusIn("members")}
      </section>
    </div>
  );
}
