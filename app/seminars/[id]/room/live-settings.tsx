"use client";

// The room's live-feed controls: what the live region announces, and a pause (WCAG 2.2.2: a
// person can stop content that updates by itself). While paused, new events are held, not
// shown; "Show N new" shows them and resumes the feed (use-live-feed.ts holds them).
import { memo } from "react";
import { ANNOUNCE_SETTINGS, type AnnounceSetting } from "./use-announcer";

interface Props {
  setting: AnnounceSetting;
  onSetting: (s: AnnounceSetting) => void;
  paused: boolean;
  /** New comments held while paused. */
  held: number;
  onPause: (paused: boolean) => void;
}

export const LiveSettings = memo(function LiveSettings({ setting, onSetting, paused, held, onPause }: Props) {
  return (
    <div className="live-settings" role="group" aria-label="Live updates">
      <label>
        Announce{" "}
        <select aria-label="Announce" value={setting} onChange={(e) => onSetting(e.target.value as AnnounceSetting)}>
          {ANNOUNCE_SETTINGS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button button-small button-quiet" aria-pressed={paused} onClick={() => onPause(!paused)}>
        Pause live feed
      </button>
      {paused ? (
        held > 0 ? (
          <button type="button" className="button button-small" onClick={() => onPause(false)}>
            Show {held} new
          </button>
        ) : (
          <span className="muted" role="status">
            Paused: new comments wait here.
          </span>
        )
      ) : null}
    </div>
  );
});
