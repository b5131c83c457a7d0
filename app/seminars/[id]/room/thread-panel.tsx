"use client";

// The side panel (a bottom sheet on phones): one paragraph's threads, each with its comments,
// reactions, reply box and resolve button, plus a composer for a new thread. Instructors also get
// the moderation controls (hide, endorse, lock, pin) and can post a prompt; everyone can report.
import { useEffect, useRef, useState } from "react";
import type { CommentView, PassageView, ThreadView } from "@/lib/domain/threads/present";
import { REACTION_KINDS, type ReactionKindWire } from "@/lib/domain/threads/schema";
import type { Role } from "@/lib/domain/seminars/schema";
import { api, ApiError } from "@/lib/client/api";
import { Composer, type MentionCandidate } from "./composer";

export interface Pending {
  clientId: string;
  threadId: string | null;
  paragraphId: string;
  passage: PassageView | null;
  body: string;
  /** A new thread posted as a prompt (instructors). */
  kind?: "prompt";
  status: "sending" | "sent" | "failed";
  error?: string;
}

// Words rather than emoji: they read the same in every font and to screen readers.
export const REACTION_LABEL: Record<ReactionKindWire, { label: string }> = {
  agree: { label: "Agree" },
  question: { label: "Question" },
  insight: { label: "Insight" },
  confused: { label: "Confused" },
};

export interface PanelActions {
  reply: (thread: ThreadView, body: string) => void;
  edit: (comment: CommentView, body: string) => void;
  remove: (comment: CommentView) => void;
  react: (comment: CommentView, kind: ReactionKindWire, on: boolean) => void;
  resolve: (thread: ThreadView, resolved: boolean) => void;
  retry: (p: Pending) => void;
  startThread: (body: string, kind?: "prompt") => void;
  hide: (comment: CommentView, hidden: boolean) => void;
  endorse: (comment: CommentView, endorsed: boolean) => void;
  report: (comment: CommentView) => void;
  lock: (thread: ThreadView, locked: boolean) => void;
  pin: (thread: ThreadView, pinned: boolean) => void;
  focusThread: (id: string | null) => void;
  typing: (threadId: string | null) => void;
}

interface Props {
  paragraph: { id: string; number: number };
  threads: ThreadView[];
  pending: Pending[];
  draftPassage: PassageView | null;
  /** "prompt" when an instructor chose "Post a prompt" on a selected passage. */
  draftKind?: "prompt";
  you: { key: string; role: Role } | null;
  canWrite: boolean;
  members: MentionCandidate[];
  focusedThread: string | null;
  editing: string | null;
  setEditing: (id: string | null) => void;
  sentIds: Set<string>;
  typing: { name: string; threadId?: string }[];
  actions: PanelActions;
  onClose: () => void;
  onClearPassage: () => void;
}

const time = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

function Quote({ passage }: { passage: PassageView }) {
  return <blockquote className="thread-quote">“{passage.exact}”</blockquote>;
}

function CommentItem({ c, props }: { c: CommentView; props: Props }) {
  const { you, canWrite, actions, editing, setEditing, sentIds, members } = props;
  const mine = you?.key === c.author.key;
  const instructor = you?.role === "instructor";
  // The Markdown to edit: `body` comes with our own comments, except when we received one only
  // through a broadcast (e.g. written in another tab); then it is fetched once, on "Edit".
  const [source, setSource] = useState<string | null>(null);
  const [sourceError, setSourceError] = useState<string | null>(null);
  const startEditing = async () => {
    setSourceError(null);
    if (c.body === null) {
      // Fetched at each edit, never cached here: the comment may have been edited since.
      try {
        setSource((await api<{ id: string; body: string }>(`/api/v1/comments/${c.id}/source`)).body);
      } catch (err) {
        setSourceError(err instanceof ApiError ? err.message : "Could not load the comment's text.");
        return;
      }
    }
    setEditing(c.id);
  };
  if (c.deletedAt) {
    return (
      <li className="comment comment-deleted" data-comment-id={c.id}>
        <p className="muted">[deleted]</p>
      </li>
    );
  }
  return (
    <li className={`comment${c.hidden ? " comment-hidden" : ""}`} data-comment-id={c.id} data-hidden={c.hidden ? "true" : undefined}>
      <div className="comment-head">
        <span className="comment-author">
          {c.author.name}
          {mine ? " (you)" : ""}
          {c.author.role === "instructor" ? <span className="badge badge-instructor">Instructor</span> : null}
        </span>
        <time dateTime={c.createdAt} className="muted">
          {time(c.createdAt)}
        </time>
        {c.editedAt ? <span className="muted">(edited)</span> : null}
        {c.hidden ? (
          <span className="badge badge-hidden" data-testid="comment-hidden" title="Hidden by an instructor: students do not see it">
            Hidden
          </span>
        ) : null}
        {c.endorsedBy ? (
          <span className="badge badge-endorsed" data-testid="comment-endorsed" title={`Endorsed by ${c.endorsedBy.name}`}>
            Endorsed by instructor
          </span>
        ) : null}
        {c.clientId && sentIds.has(c.clientId) ? <span className="comment-status comment-sent">Sent</span> : null}
      </div>
      {editing === c.id ? (
        <Composer
          label="Edit your comment"
          submitLabel="Save"
          initial={c.body ?? source ?? ""}
          members={members}
          autoFocus
          onSubmit={(body) => {
            actions.edit(c, body);
            setEditing(null);
          }}
          onCancel={() => setEditing(null)}
        />
      ) : (
        <div className="comment-body" dangerouslySetInnerHTML={{ __html: c.html ?? "" }} />
      )}
      <div className="comment-actions">
        <div className="reactions" role="group" aria-label="Reactions">
          {REACTION_KINDS.map((kind) => {
            const r = c.reactions.find((x) => x.kind === kind);
            const on = !!r?.who.some((w) => w.key === you?.key);
            const who = r?.who.map((w) => w.name).join(", ");
            return (
              <button
                key={kind}
                type="button"
                className={`reaction${on ? " reaction-on" : ""}${r ? "" : " reaction-empty"}`}
                aria-pressed={on}
                disabled={!canWrite}
                title={who ? `${REACTION_LABEL[kind].label}: ${who}` : REACTION_LABEL[kind].label}
                aria-label={`${REACTION_LABEL[kind].label}${r ? `, ${r.count} (${who})` : ""}`}
                onClick={() => actions.react(c, kind, !on)}
              >
                <span aria-hidden="true">{REACTION_LABEL[kind].label}</span>
                {r ? <span className="reaction-count">{r.count}</span> : null}
              </button>
            );
          })}
        </div>
        {canWrite && mine && editing !== c.id ? (
          <button type="button" className="link-button" onClick={() => void startEditing()}>
            Edit
          </button>
        ) : null}
        {sourceError ? (
          <span className="form-error" role="alert">
            {sourceError}
          </span>
        ) : null}
        {canWrite && (mine || you?.role === "instructor") ? (
          <button
            type="button"
            className="link-button danger"
            onClick={() => {
              if (confirm("Delete this comment? Replies after it stay.")) actions.remove(c);
            }}
          >
            Delete
          </button>
        ) : null}
        {instructor ? (
          <>
            <button type="button" className="link-button" onClick={() => actions.hide(c, !c.hidden)} aria-label={`${c.hidden ? "Show" : "Hide"} the comment by ${c.author.name}`}>
              {c.hidden ? "Show" : "Hide"}
            </button>
            <button type="button" className="link-button" onClick={() => actions.endorse(c, !c.endorsedBy)} aria-pressed={!!c.endorsedBy}>
              {c.endorsedBy ? "Withdraw endorsement" : "Endorse"}
            </button>
          </>
        ) : null}
        {!mine && you ? (
          <button type="button" className="link-button" onClick={() => actions.report(c)} aria-label={`Report the comment by ${c.author.name}`}>
            Report
          </button>
        ) : null}
      </div>
    </li>
  );
}

function PendingItem({ p, onRetry }: { p: Pending; onRetry: () => void }) {
  return (
    <li className={`comment comment-pending comment-${p.status}`}>
      <div className="comment-body">{p.body}</div>
      <div className="comment-actions">
        {p.status === "sending" ? <span className="comment-status">Sending…</span> : null}
        {p.status === "sent" ? <span className="comment-status comment-sent">Sent</span> : null}
        {p.status === "failed" ? (
          <>
            <span className="comment-status form-error">Failed{p.error ? `: ${p.error}` : ""}</span>
            <button type="button" className="link-button" onClick={onRetry}>
              Retry
            </button>
          </>
        ) : null}
      </div>
    </li>
  );
}

export function ThreadPanel(props: Props) {
  const { paragraph, threads, pending, draftPassage, you, canWrite, members, focusedThread, typing, actions, onClose, onClearPassage } = props;
  const newThreads = pending.filter((p) => p.threadId === null);
  const instructor = you?.role === "instructor";
  const [kind, setKind] = useState<"discussion" | "prompt">(props.draftKind ?? "discussion");
  // A new "Post a prompt" on a passage switches the composer to a prompt (adjusted while rendering).
  const [seenDraft, setSeenDraft] = useState(draftPassage);
  if (seenDraft !== draftPassage) {
    setSeenDraft(draftPassage);
    if (props.draftKind) setKind(props.draftKind);
  }
  const heading = useRef<HTMLHeadingElement>(null);
  // Keyboard users land in the panel when it opens on a paragraph (not 30 Tabs away after the text).
  useEffect(() => {
    if (!draftPassage) heading.current?.focus();
  }, [paragraph.id, draftPassage]);
  return (
    <aside
      className="thread-panel"
      aria-labelledby="thread-panel-title"
      data-testid="thread-panel"
      onKeyDown={(e) => {
        if (e.key === "Escape" && !(e.target instanceof HTMLTextAreaElement)) onClose();
      }}
    >
      <div className="thread-panel-head">
        <h2 id="thread-panel-title" ref={heading} tabIndex={-1}>
          Paragraph {paragraph.number}
        </h2>
        <button type="button" className="link-button" onClick={onClose} aria-label="Close the discussion panel">
          Close
        </button>
      </div>
      {threads.length === 0 && newThreads.length === 0 ? <p className="muted">No discussion here yet. Start it below.</p> : null}
      <ol className="threads">
        {threads.map((t) => {
          const replies = pending.filter((p) => p.threadId === t.id);
          const who = typing.filter((x) => x.threadId === t.id);
          const canResolve = canWrite && (you?.role === "instructor" || t.createdBy.key === you?.key);
          return (
            <li
              key={t.id}
              className={`thread${t.resolved ? " thread-resolved" : ""}${focusedThread === t.id ? " thread-focused" : ""}${t.kind === "prompt" ? " thread-prompt" : ""}${t.pinned ? " thread-pinned" : ""}`}
              data-thread-id={t.id}
              data-kind={t.kind}
              tabIndex={0}
              aria-label={`${t.kind === "prompt" ? "Prompt" : "Thread"} by ${t.createdBy.name}${t.passage ? ` on “${t.passage.exact.slice(0, 60)}”` : ""}, ${t.resolved ? "resolved" : "open"}${t.pinned ? ", pinned" : ""}${t.locked ? ", locked" : ""}`}
              onFocus={() => actions.focusThread(t.id)}
              onMouseEnter={() => actions.focusThread(t.id)}
            >
              <div className="thread-head">
                {t.passage ? <Quote passage={t.passage} /> : <span className="muted">On the whole paragraph</span>}
                <span className="thread-badges">
                  {t.kind === "prompt" ? (
                    <span className="badge badge-prompt" data-testid="thread-prompt">
                      Prompt
                    </span>
                  ) : null}
                  {t.pinned && t.kind !== "prompt" ? (
                    <span className="badge badge-pinned" data-testid="thread-pinned">
                      Pinned
                    </span>
                  ) : null}
                  {t.locked ? (
                    <span className="badge badge-locked" data-testid="thread-locked">
                      Locked
                    </span>
                  ) : null}
                  <span className={`badge ${t.resolved ? "badge-closed" : "badge-open"}`} data-testid="thread-state">
                    {t.resolved ? "Resolved" : "Open"}
                  </span>
                </span>
              </div>
              <ol className="comments">
                {t.comments.map((c) => (
                  <CommentItem key={c.id} c={c} props={props} />
                ))}
                {replies.map((p) => (
                  <PendingItem key={p.clientId} p={p} onRetry={() => actions.retry(p)} />
                ))}
              </ol>
              {who.length ? <p className="typing muted">{who.map((w) => w.name).join(", ")} {who.length === 1 ? "is" : "are"} replying…</p> : null}
              <div className="thread-foot">
                {canResolve ? (
                  <button type="button" className="link-button" onClick={() => actions.resolve(t, !t.resolved)}>
                    {t.resolved ? "Reopen" : "Resolve"}
                  </button>
                ) : null}
                {instructor && canWrite ? (
                  <>
                    <button type="button" className="link-button" onClick={() => actions.lock(t, !t.locked)} aria-pressed={t.locked}>
                      {t.locked ? "Unlock" : "Lock"}
                    </button>
                    {t.kind !== "prompt" ? (
                      <button type="button" className="link-button" onClick={() => actions.pin(t, !t.pinned)} aria-pressed={t.pinned}>
                        {t.pinned ? "Unpin" : "Pin"}
                      </button>
                    ) : null}
                  </>
                ) : null}
              </div>
              {t.locked ? (
                <p className="notice notice-locked" data-testid="thread-locked-notice">
                  This thread is locked: it takes no new replies.
                </p>
              ) : canWrite ? (
                <details className="reply">
                  <summary>Reply</summary>
                  <Composer label={`Reply to the thread on paragraph ${paragraph.number}`} submitLabel="Reply" members={members} onSubmit={(body) => actions.reply(t, body)} onTyping={() => actions.typing(t.id)} />
                </details>
              ) : null}
            </li>
          );
        })}
        {newThreads.map((p) => (
          <li key={p.clientId} className={`thread${p.kind === "prompt" ? " thread-prompt" : ""}`}>
            {p.kind === "prompt" ? <span className="badge badge-prompt">Prompt</span> : null}
            {p.passage ? <Quote passage={p.passage} /> : null}
            <ol className="comments">
              <PendingItem p={p} onRetry={() => actions.retry(p)} />
            </ol>
          </li>
        ))}
      </ol>
      {canWrite ? (
        <section className="new-thread" aria-label="Start a thread">
          <h3>{draftPassage ? (kind === "prompt" ? "Post a prompt on this passage" : "Comment on this passage") : kind === "prompt" ? "Post a prompt on this paragraph" : "Start a thread on this paragraph"}</h3>
          {instructor ? (
            <div className="kind-choice" role="group" aria-label="What to post">
              <button type="button" className="button button-small button-quiet" aria-pressed={kind === "discussion"} onClick={() => setKind("discussion")}>
                Comment
              </button>
              <button type="button" className="button button-small button-quiet" aria-pressed={kind === "prompt"} onClick={() => setKind("prompt")}>
                Post a prompt
              </button>
            </div>
          ) : null}
          {draftPassage ? (
            <div className="draft-passage">
              <Quote passage={draftPassage} />
              <button type="button" className="link-button" onClick={onClearPassage}>
                Comment on the whole paragraph instead
              </button>
            </div>
          ) : null}
          <Composer
            key={draftPassage ? `${draftPassage.start}-${draftPassage.end}` : "paragraph"}
            label={kind === "prompt" ? `Your prompt on ${draftPassage ? "the passage" : `paragraph ${paragraph.number}`}` : draftPassage ? "Your comment on the passage" : `Your comment on paragraph ${paragraph.number}`}
            submitLabel={kind === "prompt" ? "Post prompt" : "Start thread"}
            members={members}
            autoFocus={!!draftPassage}
            onSubmit={(body) => actions.startThread(body, kind === "prompt" ? "prompt" : undefined)}
            onTyping={() => actions.typing(null)}
          />
        </section>
      ) : (
        <p className="notice">This seminar is closed: you can read the discussion, but not write in it.</p>
      )}
    </aside>
  );
}
