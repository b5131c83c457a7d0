"use client";

// The side panel (a bottom sheet on phones): one paragraph's threads, each with its comments,
// reactions, reply box and resolve button, plus a composer for a new thread. Instructors also get
// the moderation controls (hide, endorse, lock, pin) and can post a prompt; everyone can report.
// Built to stay cheap with hundreds of threads: the list is virtualised (@tanstack/react-virtual),
// each thread and comment is memoised, long threads show their first and latest replies behind
// "Show N more", and "… is replying" lines read their own small store (typing.ts).
import { memo, useEffect, useLayoutEffect, useRef, useState } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import type { CommentView, PassageView, ThreadView } from "@/lib/domain/threads/present";
import { REACTION_KINDS, type ReactionKindWire } from "@/lib/domain/threads/schema";
import type { Role } from "@/lib/domain/seminars/schema";
import { api, ApiError } from "@/lib/client/api";
import { Composer, type MentionCandidate } from "./composer";
import { TypingLine, type TypingStore } from "./typing";
import { SheetHandle, useBottomSheet } from "./use-bottom-sheet";

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
  /** The paragraph's threads that are loaded and pass the filters, in order. */
  threads: ThreadView[];
  /** "loading" while a page is on its way; "partial" when more pages can be loaded. */
  status: "idle" | "loading" | "partial" | "complete";
  onLoadMore: () => void;
  pending: Pending[];
  draftPassage: PassageView | null;
  /** "prompt" when an instructor chose "Post a prompt" on a selected passage. */
  draftKind?: "prompt";
  /** You, with your name as the server presents it to you (broadcasts carry the role's view of it). */
  you: { key: string; name: string; role: Role } | null;
  canWrite: boolean;
  members: MentionCandidate[];
  focusedThread: string | null;
  editing: string | null;
  setEditing: (id: string | null) => void;
  sentIds: Set<string>;
  typing: TypingStore;
  actions: PanelActions;
  onClose: () => void;
  onClearPassage: () => void;
  /** A comment just posted from this page: focus moves to it once it is shown, then onCommentFocused. */
  focusComment?: string | null;
  onCommentFocused?: () => void;
}

const time = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

function Quote({ passage }: { passage: PassageView }) {
  return <blockquote className="thread-quote">“{passage.exact}”</blockquote>;
}

interface CommentProps {
  c: CommentView;
  you: Props["you"];
  canWrite: boolean;
  actions: PanelActions;
  editing: boolean;
  setEditing: (id: string | null) => void;
  sent: boolean;
  members: MentionCandidate[];
}

const CommentItem = memo(function CommentItem({ c, you, canWrite, actions, editing: isEditing, setEditing, sent, members }: CommentProps) {
  const editing = isEditing ? c.id : null;
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
          {mine ? `${you.name} (you)` : c.author.name}
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
        {sent ? <span className="comment-status comment-sent">Sent</span> : null}
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
                {/* Visible text "Agree 1" (the space matters): part of the name "Agree, 1 (…)", for speech control. */}
                <span>{REACTION_LABEL[kind].label}</span>
                {r ? (
                  <>
                    {" "}
                    <span className="reaction-count">{r.count}</span>
                  </>
                ) : null}
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
});

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

/** Threads longer than this show their opening comment and latest replies, with "Show N more" between. */
const LONG_THREAD = 6;
const HEAD = 1;
const TAIL = 3;
const NO_PENDING: Pending[] = [];

interface ThreadProps {
  t: ThreadView;
  paragraphNumber: number;
  focused: boolean;
  replies: Pending[];
  you: Props["you"];
  canWrite: boolean;
  members: MentionCandidate[];
  editing: string | null;
  setEditing: (id: string | null) => void;
  sentIds: Set<string>;
  typing: TypingStore;
  actions: PanelActions;
}

const ThreadItem = memo(function ThreadItem({ t, paragraphNumber, focused, replies, you, canWrite, members, editing, setEditing, sentIds, typing, actions }: ThreadProps) {
  const [expanded, setExpanded] = useState(false);
  const instructor = you?.role === "instructor";
  const canResolve = canWrite && (instructor || t.createdBy.key === you?.key);
  const long = !expanded && t.comments.length > LONG_THREAD;
  const hidden = long ? t.comments.length - HEAD - TAIL : 0;
  const shown = long ? [...t.comments.slice(0, HEAD), ...t.comments.slice(-TAIL)] : t.comments;
  const comment = (c: CommentView) => (
    <CommentItem key={c.id} c={c} you={you} canWrite={canWrite} actions={actions} editing={editing === c.id} setEditing={setEditing} sent={!!c.clientId && sentIds.has(c.clientId)} members={members} />
  );
  return (
    <div
      className={`thread${t.resolved ? " thread-resolved" : ""}${focused ? " thread-focused" : ""}${t.kind === "prompt" ? " thread-prompt" : ""}${t.pinned ? " thread-pinned" : ""}`}
      data-thread-id={t.id}
      data-kind={t.kind}
      tabIndex={0}
      aria-label={`${t.kind === "prompt" ? "Prompt" : "Thread"} by ${t.createdBy.key === you?.key ? you.name : t.createdBy.name}${t.passage ? ` on “${t.passage.exact.slice(0, 60)}”` : ""}, ${t.resolved ? "resolved" : "open"}${t.pinned ? ", pinned" : ""}${t.locked ? ", locked" : ""}`}
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
        {long ? (
          <>
            {shown.slice(0, HEAD).map(comment)}
            <li className="comment comment-more">
              <button type="button" className="link-button" onClick={() => setExpanded(true)} data-testid="show-more">
                Show {hidden} more {hidden === 1 ? "reply" : "replies"}
              </button>
            </li>
            {shown.slice(HEAD).map(comment)}
          </>
        ) : (
          shown.map(comment)
        )}
        {replies.map((p) => (
          <PendingItem key={p.clientId} p={p} onRetry={() => actions.retry(p)} />
        ))}
      </ol>
      <TypingLine store={typing} threadId={t.id} />
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
          <Composer label={`Reply to the thread on paragraph ${paragraphNumber}`} submitLabel="Reply" members={members} onSubmit={(body) => actions.reply(t, body)} onTyping={() => actions.typing(t.id)} />
        </details>
      ) : null}
    </div>
  );
});

function ThreadPanelImpl(props: Props) {
  const { paragraph, threads, status, onLoadMore, pending, draftPassage, you, canWrite, members, focusedThread, editing, setEditing, sentIds, typing, actions, onClose, onClearPassage, focusComment, onCommentFocused } = props;
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

  // Only the threads near the panel's viewport are in the DOM; the rest are spacers.
  // The panel holds the grab bar and head, which stay put; only its body scrolls (scroller), so
  // nothing slides under them half-covered (too small to tap: WCAG 2.5.8).
  const panel = useRef<HTMLElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const sheet = useBottomSheet(panel, paragraph.number, onClose);
  const list = useRef<HTMLOListElement>(null);
  const [listTop, setListTop] = useState(0);
  const empty = threads.length === 0;
  useLayoutEffect(() => {
    if (list.current) setListTop(list.current.offsetTop);
  }, [empty]);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer's functions are read fresh each render; nothing memoises them
  const virtualizer = useVirtualizer({
    count: threads.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 220,
    overscan: 6,
    scrollMargin: listTop,
    getItemKey: (i) => threads[i].id,
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items.length ? items[0].start - listTop : 0;
  const padBottom = items.length ? Math.max(0, virtualizer.getTotalSize() - (items[items.length - 1].end - listTop)) : 0;
  // Near the end of what is loaded: ask for the next page.
  const lastShown = items.length ? items[items.length - 1].index : -1;
  useEffect(() => {
    if (status === "partial" && lastShown >= threads.length - 3) onLoadMore();
  }, [status, lastShown, threads.length, onLoadMore]);
  // A thread focused from outside the list (a passage clicked, a link followed) is brought into
  // view; one the reader points at or tabs to in the list is where they are already.
  const focusedIndex = focusedThread ? threads.findIndex((t) => t.id === focusedThread) : -1;
  useEffect(() => {
    if (focusedIndex < 0) return;
    const el = scroller.current?.querySelector(`[data-index="${focusedIndex}"]`);
    if (el && (el.matches(":hover") || el.contains(document.activeElement))) return;
    virtualizer.scrollToIndex(focusedIndex, { align: "auto" });
  }, [focusedIndex, virtualizer]);

  // After "Start thread" or "Reply" focus goes to the new comment, not to <body> (the button that
  // had it is disabled as the composer empties). It may arrive after the ack, or be scrolled into
  // the virtualised list a render later: each render looks until it is there.
  useEffect(() => {
    if (!focusComment) return;
    const el = scroller.current?.querySelector<HTMLElement>(`[data-comment-id="${CSS.escape(focusComment)}"]`);
    if (!el) return;
    el.tabIndex = -1;
    el.focus();
    onCommentFocused?.();
  });

  // Renders, counted where a test can read them (data-render-count): an event about another
  // paragraph, or a typing signal, must not render this panel.
  const renders = useRef(0);
  useLayoutEffect(() => {
    renders.current += 1;
    panel.current?.setAttribute("data-render-count", String(renders.current));
  });

  return (
    <aside
      ref={panel}
      className={`thread-panel thread-panel-framed${sheet.full ? " thread-panel-full" : ""}`}
      aria-labelledby="thread-panel-title"
      data-testid="thread-panel"
      data-status={status}
      onKeyDown={(e) => {
        if (e.key === "Escape" && !(e.target instanceof HTMLTextAreaElement)) onClose();
      }}
    >
      <SheetHandle {...sheet} />
      <div className="thread-panel-head">
        <h2 id="thread-panel-title" ref={heading} tabIndex={-1}>
          Paragraph {paragraph.number}
        </h2>
        <button type="button" className="link-button" onClick={onClose} aria-label="Close the discussion panel">
          Close
        </button>
      </div>
      <div className="thread-panel-body" ref={scroller}>
        {threads.length === 0 && newThreads.length === 0 ? (
          status === "loading" || status === "idle" ? (
            <p className="muted" role="status">
              Loading the discussion…
            </p>
          ) : (
            <p className="muted">No discussion here yet. Start it below.</p>
          )
        ) : null}
        <ol className="threads" ref={list} style={{ paddingTop: padTop, paddingBottom: padBottom }}>
          {items.map((item) => {
            const t = threads[item.index];
            const replies = pending.some((p) => p.threadId === t.id) ? pending.filter((p) => p.threadId === t.id) : NO_PENDING;
            return (
              <li key={item.key} className="thread-slot" data-index={item.index} ref={virtualizer.measureElement}>
                <ThreadItem
                  t={t}
                  paragraphNumber={paragraph.number}
                  focused={focusedThread === t.id}
                  replies={replies}
                  you={you}
                  canWrite={canWrite}
                  members={members}
                  editing={editing}
                  setEditing={setEditing}
                  sentIds={sentIds}
                  typing={typing}
                  actions={actions}
                />
              </li>
            );
          })}
        </ol>
        {status === "partial" || (status === "loading" && threads.length > 0) ? (
          <p className="muted thread-more">
            <button type="button" className="link-button" onClick={onLoadMore} disabled={status === "loading"}>
              {status === "loading" ? "Loading more threads…" : "Load more threads"}
            </button>
          </p>
        ) : null}
        <ol className="threads">
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
      </div>
    </aside>
  );
}

export const ThreadPanel = memo(ThreadPanelImpl);
