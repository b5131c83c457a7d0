"use client";

// What the room's polite live region says, and how much of the live discussion a person wants
// to hear (issue 12, point 3). The choice is kept per browser in localStorage. The default is
// "everything": new threads and replies were announced before this setting existed, and a
// screen-reader user who never finds it should not lose them; those who find it noisy choose
// "mentions and my threads" or "nothing". Whatever the setting, `say(text)` speaks: it is for
// confirmations of the person's own actions ("Posted"), which are not part of the live feed.
import { useCallback, useState } from "react";
import { useStoredSetting } from "@/lib/client/stored-setting";
import { isMine, type DiscussionState } from "@/lib/client/discussion-store";
import type { CommentView, ThreadView } from "@/lib/domain/threads/present";
import type { DiscussionEvent } from "@/lib/realtime/events";

export type AnnounceSetting = "off" | "mine" | "all";
export const ANNOUNCE_SETTINGS: { value: AnnounceSetting; label: string }[] = [
  { value: "all", label: "Everything" },
  { value: "mine", label: "Mentions and my threads" },
  { value: "off", label: "Nothing" },
];
const STORAGE_KEY = "colloquy:announce";
const DEFAULT_SETTING: AnnounceSetting = "all";
const SETTING_VALUES: readonly AnnounceSetting[] = ANNOUNCE_SETTINGS.map((o) => o.value);

/** One thing to say, and whether it concerns the viewer (a mention, their comment or thread). */
interface Line {
  text: string;
  personal: boolean;
}

const label = (kind: string) => kind.charAt(0).toUpperCase() + kind.slice(1);

function findComment(state: DiscussionState, threadId: string, commentId: string): { thread?: ThreadView; comment?: CommentView } {
  const thread = state.threads[threadId];
  return { thread, comment: thread?.comments.find((c) => c.id === commentId) };
}

/** What one applied event says to this viewer; `before` is the store just before it was applied. */
function lineFor(e: DiscussionEvent, before: DiscussionState, you: string | null): Line | null {
  const mentionsYou = (c: CommentView | undefined) => !!you && !!c?.mentions.some((m) => m.key === you);
  switch (e.type) {
    case "thread:created": {
      const by = e.thread.createdBy;
      if (by.key === you || before.threads[e.thread.id]) return null;
      const where = `a new thread on paragraph ${e.thread.paragraphNumber}`;
      return mentionsYou(e.thread.comments[0]) ? { text: `${by.name} mentioned you in ${where}.`, personal: true } : { text: `${by.name} posted ${where}.`, personal: false };
    }
    case "comment:created": {
      const by = e.comment.author;
      const thread = before.threads[e.comment.threadId];
      if (by.key === you || thread?.comments.some((c) => c.id === e.comment.id)) return null;
      if (mentionsYou(e.comment)) return { text: `${by.name} mentioned you in a reply.`, personal: true };
      return { text: `${by.name} posted a new reply.`, personal: !!thread && isMine(thread, you) };
    }
    case "comment:updated": {
      const { thread, comment: prev } = findComment(before, e.comment.threadId, e.comment.id);
      if (!thread || !prev) return null;
      const yours = e.comment.author.key === you;
      const n = thread.paragraphNumber;
      if (prev.hidden !== e.comment.hidden) {
        return { text: `${yours ? "Your comment" : `The comment by ${e.comment.author.name}`} on paragraph ${n} was ${e.comment.hidden ? "hidden" : "shown again"}.`, personal: yours };
      }
      if (prev.editedAt !== e.comment.editedAt && !yours) return { text: `${e.comment.author.name} edited a comment on paragraph ${n}.`, personal: isMine(thread, you) };
      return null;
    }
    case "comment:removed": {
      // To students: a comment an instructor hid. Unknown here (already gone): nothing to say.
      const { thread, comment: prev } = findComment(before, e.threadId, e.commentId);
      if (!thread || !prev) return null;
      const yours = prev.author.key === you;
      return { text: `An instructor hid ${yours ? "your comment" : "a comment"} on paragraph ${thread.paragraphNumber}.`, personal: yours || isMine(thread, you) };
    }
    case "reaction:changed": {
      const { comment: prev } = findComment(before, e.comment.threadId, e.comment.id);
      if (!prev) return null;
      // The kind whose count went up, and the newest person in it (reactions are listed oldest first).
      for (const r of e.comment.reactions) {
        const had = prev.reactions.find((x) => x.kind === r.kind)?.count ?? 0;
        const who = r.who[r.who.length - 1];
        if (r.count <= had || !who || who.key === you) continue;
        const yours = e.comment.author.key === you;
        return { text: `${who.name} reacted ${label(r.kind)} to ${yours ? "your comment" : `a comment by ${e.comment.author.name}`}.`, personal: yours };
      }
      return null;
    }
    case "thread:updated": {
      const prev = before.threads[e.thread.id];
      if (!prev || prev.resolved === e.thread.resolved) return null;
      const yours = e.thread.createdBy.key === you;
      const what = `${yours ? "your thread" : "a thread"} on paragraph ${e.thread.paragraphNumber}`;
      if (e.thread.resolved) {
        if (e.thread.resolvedBy?.key === you) return null;
        return { text: `${e.thread.resolvedBy?.name ?? "Someone"} resolved ${what}.`, personal: yours || isMine(prev, you) };
      }
      return { text: `${what.charAt(0).toUpperCase()}${what.slice(1)} was reopened.`, personal: yours || isMine(prev, you) };
    }
    default:
      return null;
  }
}

/**
 * What a batch of applied events says under a setting, or null for nothing. Events are read
 * against the store as it was before the batch (so "your thread" and "reacted" can be told);
 * live events come one at a time, batches only after a gap or a reconnect.
 */
export function describeEvents(events: DiscussionEvent[], before: DiscussionState, you: string | null, setting: AnnounceSetting): string | null {
  if (setting === "off") return null;
  const lines = events.map((e) => lineFor(e, before, you)).filter((l): l is Line => !!l && (setting === "all" || l.personal));
  return lines.length ? lines.map((l) => l.text).join(" ") : null;
}

export interface Announcer {
  /** The live region's text. */
  message: string;
  setting: AnnounceSetting;
  setSetting: (s: AnnounceSetting) => void;
  /** Says this now, whatever the setting (the person's own actions: "Posted"). */
  say: (text: string) => void;
  /** Says what these events mean to the viewer, as the setting allows. */
  announce: (events: DiscussionEvent[], before: DiscussionState, you: string | null) => void;
}

export function useAnnouncer(): Announcer {
  const [message, setMessage] = useState("");
  // Kept in this browser (lib/client/stored-setting.ts): the client holds no user id.
  const [setting, setSetting] = useStoredSetting(STORAGE_KEY, SETTING_VALUES, DEFAULT_SETTING);
  // The same sentence twice in a row is still a change of the region's text (screen readers
  // announce changes): alternate a trailing no-break space.
  const say = useCallback((text: string) => setMessage((prev) => (prev === text ? `${text}\u00a0` : text)), []);
  const announce = useCallback(
    (events: DiscussionEvent[], before: DiscussionState, you: string | null) => {
      const text = describeEvents(events, before, you, setting);
      if (text) say(text);
    },
    [setting, say],
  );
  return { message, setting, setSetting, say, announce };
}
