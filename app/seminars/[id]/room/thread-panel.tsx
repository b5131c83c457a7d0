"use client";

// The side panel (a bottom sheet on phones): one paragraph's threads, each with its comments,
// reactions, reply box and resolve button, plus a composer for a new thread.
import { useEffect, useRef } from "react";
import type { CommentView, PassageView, ThreadView } from "@/lib/domain/threads/present";
import { REACTION_KINDS, type ReactionKindWire } from "@/lib/domain/threads/schema";
import type { Role } from "@/lib/domain/seminars/schema";
import { Composer, type MentionCandidate } from "./composer";

export interface Pending {
  clientId: string;
  threadId: string | null;
  paragraphId: string;
  passage: PassageView | null;
  body: string;
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
  startThread: (body: string) => void;
  focusThread: (id: string | null) => void;
  typing: (threadId: string | null) => void;
}

interface Props {
  paragraph: { id: string; number: number };
  threads: ThreadView[];
  pending: Pending[];
  draftPassage: PassageView | null;
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
  if (c.deletedAt) {
    return (
      <li className="comment comment-deleted" data-comment-id={c.id}>
        <p className="muted">[deleted]</p>
      </li>
    );
  }
  return (
    <li className="comment" data-comment-id={c.id}>
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
        {c.clientId && sentIds.has(c.clientId) ? <span className="comment-status comment-sent">Sent</span> : null}
      </div>
      {editing === c.id ? (
        <Composer
          label="Edit your comment"
          submitLabel="Save"
          initial={c.body ?? ""}
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
          <button type="button" className="link-button" onClick={() => setEditing(c.id)}>
            Edit
          </button>
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
              className={`thread${t.resolved ? " thread-resolved" : ""}${focusedThread === t.id ? " thread-focused" : ""}`}
              data-thread-id={t.id}
              tabIndex={0}
              aria-label={`Thread by ${t.createdBy.name}${t.passage ? ` on “${t.passage.exact.slice(0, 60)}”` : ""}, ${t.resolved ? "resolved" : "open"}`}
              onFocus={() => actions.focusThread(t.id)}
              onMouseEnter={() => actions.focusThread(t.id)}
            >
              <div className="thread-head">
                {t.passage ? <Quote passage={t.passage} /> : <span className="muted">On the whole paragraph</span>}
                <span className={`badge ${t.resolved ? "badge-closed" : "badge-open"}`} data-testid="thread-state">
                  {t.resolved ? "Resolved" : "Open"}
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
              </div>
              {canWrite ? (
                <details className="reply">
                  <summary>Reply</summary>
                  <Composer label={`Reply to the thread on paragraph ${paragraph.number}`} submitLabel="Reply" members={members} onSubmit={(body) => actions.reply(t, body)} onTyping={() => actions.typing(t.id)} />
                </details>
              ) : null}
            </li>
          );
        })}
        {newThreads.map((p) => (
          <li key={p.clientId} className="thread">
            {p.passage ? <Quote passage={p.passage} /> : null}
            <ol className="comments">
              <PendingItem p={p} onRetry={() => actions.retry(p)} />
            </ol>
          </li>
        ))}
      </ol>
      {canWrite ? (
        <section className="new-thread" aria-label="Start a thread">
          <h3>{draftPassage ? "Comment on this passage" : "Start a thread on this paragraph"}</h3>
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
            label={draftPassage ? "Your comment on the passage" : `Your comment on paragraph ${paragraph.number}`}
            submitLabel="Start thread"
            members={members}
            autoFocus={!!draftPassage}
            onSubmit={actions.startThread}
            onTyping={() => actions.typing(null)}
          />
        </section>
      ) : (
        <p className="notice">This seminar is closed: you can read the discussion, but not write in it.</p>
      )}
    </aside>
  );
}
