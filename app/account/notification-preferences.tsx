"use client";

// Which kinds of notification you want; saved whole with PUT /api/v1/me/notification-preferences.
import { api } from "@/lib/client/api";
import { useApiAction } from "@/app/_components/use-api-action";
import { KIND_LABELS, NOTIFICATION_KINDS, type NotificationPreferences } from "@/lib/domain/notifications/schema";

export function NotificationPreferencesForm({ preferences }: { preferences: NotificationPreferences }) {
  const save = useApiAction();
  return (
    <section className="card" id="notifications" aria-labelledby="notification-prefs-heading">
      <h2 id="notification-prefs-heading">Notifications</h2>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const body = Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, f.get(k) === "on"])) as NotificationPreferences;
          void save.run(() => api("/api/v1/me/notification-preferences", { method: "PUT", body }), "Notification preferences saved.");
        }}
      >
        <fieldset className="checkbox-group">
          <legend>Tell me when</legend>
          {NOTIFICATION_KINDS.map((k) => (
            <label key={k} className="toggle">
              <input type="checkbox" name={k} defaultChecked={preferences[k]} /> {KIND_LABELS[k]}
            </label>
          ))}
        </fieldset>
        <p className="hint">Notifications appear under the bell in the header. Turning a kind off stops new ones of that kind; ones you already have stay.</p>
        {save.status}
        <button className="button" disabled={save.busy}>
          Save notification preferences
        </button>
      </form>
    </section>
  );
}
