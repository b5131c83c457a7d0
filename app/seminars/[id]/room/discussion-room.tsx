"use client";

// The seminar room: the reading with a live discussion in its margin. One Socket.IO connection
// per page (use-discussion-socket.ts); the discussion state is the pure reducer in
// lib/client/discussion-store.ts, keyed by paragraph: it starts from the room page's per-paragraph
// summary, loads a paragraph's threads when it is looked at (use-paragraph-loader.ts), and is fed
// by live events, by the join ack's backlog after a reconnect, and by /events?after= when a gap
// shows, unless the reader paused the feed (use-live-feed.ts). Writes go over the socket or the
// JSON API, pending until they arrive (use-pending-writes.ts); the live region says what the
// reader chose to hear (use-announcer.ts: `announcer.say(text)` for the reader's own actions). Each paragraph is a memoised row (paragraph-row.tsx) given only its
// slice of the store; "… is replying" signals live in their own store (typing.ts).
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { api, ApiError } from "@/lib/client/api";
import { createThreadsSelector, initialState, isQuestion, markSeen, resetThreads, setViewer, type DiscussionState } from "@/lib/client/discussion-store";
import { roomWrites } from "@/lib/client/room-writes";
import type { ParagraphView } from "@/lib/domain/readings/present";
import type { MemberView, SeminarView } from "@/lib/domain/seminars/present";
import type { CommentView, PassageView, RoomSummary, ThreadView } from "@/lib/domain/threads/present";
import type { ReactionKindWire } from "@/lib/domain/threads/schema";
import { handleFor } from "@/lib/domain/threads/handles";
import type { DiscussionEvent } from "@/lib/realtime/events";
import { RoomBar } from "../room-bar";
import { ThreadPanel, type PanelActions, type Pending } from "./thread-panel";
import { ReportDialog } from "./report-dialog";
import { ReportsPanel } from "./reports-panel";
import { useThreadLink } from "./use-thread-link";
import { ParagraphRow, type Filter, type Selection } from "./paragraph-row";
import { createTypingStore } from "./typing";
import { useParagraphLoader, usePrefetchOnScroll } from "./use-paragraph-loader";
import { useStableActions } from "./use-stable-actions";
import { useDiscussionSocket } from "./use-discussion-socket";
import { useAnnouncer } from "./use-announcer";
import { usePendingWrites } from "./use-pending-writes";
import { LiveSettings } from "./live-settings";
import { useKeyboardSelection } from "./use-keyboard-selection";
import { useSingleKeySetting } from "./use-single-key-setting";
import { KeyboardHelp } from "./keyboard-help";

export { isQuestion } from "@/lib/client/discussion-store";


interface Props {
  seminar: SeminarView;
  members: MemberView[];
  paragraphs: ParagraphView[];
  /** The per-paragraph summary the room page arrives with (lib/domain/threads/room.ts); threads load on demand. */
  initial: RoomSummary;
  /** From a link to a thread (?thread=): the paragraph it is on, loaded until the thread is there. */
  linkedParagraph?: string | null;
  /** Open reports now (instructors); null for students. Kept live by reports:changed. */
  openReports?: number | null;
  header: React.ReactNode;
  /** From the URL (links from the dashboard): show only threads with this member's comments (a member key). */
  initialAuthor?: string | null;
}

const newClientId = () => (typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `c${Date.now()}${Math.random().toString(36).slice(2)}`);

/** The selection as a passage of one paragraph's text, or null. */
function passageFromSelection(): { paragraphId: string; passage: PassageView } | null {
  const sel = window.getSelection();
  if (!sel || sel.isCollapsed || sel.rangeCount === 0) return null;
  const range = sel.getRangeAt(0);
  const el = (n: Node | null) => (n && n.nodeType === Node.ELEMENT_NODE ? (n as Element) : n?.parentElement ?? null);
  const body = el(range.startContainer)?.closest<HTMLElement>(".paragraph-body");
  if (!body || body !== el(range.endContainer)?.closest(".paragraph-body")) return null;
  const before = document.createRange();
  before.selectNodeContents(body);
  before.setEnd(range.startContainer, range.startOffset);
  const text = body.textContent ?? "";
  let start = before.toString().length;
  let end = start + range.toString().length;
  // Trim the selection's outer spaces, which a double-click often includes.
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  if (end <= start) return null;
  const paragraphId = body.closest<HTMLElement>("[data-paragraph-id]")?.dataset.paragraphId;
  if (!paragraphId) return null;
  return {
    paragraphId,
    passage: { exact: text.slice(start, end), prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(end, end + 32), start, end },
  };
}

const NO_THREADS: ThreadView[] = [];
const NO_PENDING: Pending[] = [];

export function DiscussionRoom({ seminar, members, paragraphs, initial, header, initialAuthor = null, openReports: initialOpenReports = null, linkedParagraph = null }: Props) {
  const [store, setStore] = useState<DiscussionState>(() => initialState(initial.seq, [], initial.paragraphs, { you: initial.you, author: initialAuthor }));
  const storeRef = useRef(store);
  const [openParagraph, setOpenParagraph] = useState<string | null>(null);
  const [focusedThread, setFocusedThread] = useState<string | null>(null);
  const [author, setAuthor] = useState<string | null>(initialAuthor);
  const [draft, setDraft] = useState<{ paragraphId: string; passage: PassageView; kind?: "prompt" } | null>(null);
  const [openReports, setOpenReports] = useState<number | null>(initialOpenReports);
  const [showReports, setShowReports] = useState(false);
  const [reporting, setReporting] = useState<CommentView | null>(null);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [filter, setFilter] = useState<Filter>("all");
  const [heat, setHeat] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const announcer = useAnnouncer();
  // The comment just posted from here: the panel moves focus to it once it is shown.
  const [focusComment, setFocusComment] = useState<string | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [toolsOpen, setToolsOpen] = useState(false);
  // Read when a post is confirmed: focus follows it only while its paragraph's panel is still open.
  const openParagraphRef = useRef<string | null>(null);
  useEffect(() => {
    openParagraphRef.current = openParagraph;
  }, [openParagraph]);
  const [singleKeys, setSingleKeys] = useSingleKeySetting();
  const say = announcer.say;
  const [typing] = useState(createTypingStore);
  const [threadsFor] = useState(createThreadsSelector);
  const [notice, setNotice] = useState<string | null>(null);
  const lastTyping = useRef(0);

  const commit = useCallback((next: DiscussionState) => {
    storeRef.current = next;
    setStore(next);
  }, []);
  const getStore = useCallback(() => storeRef.current, []);

  // Read through refs by the socket's handlers, so that changing the announcement setting (or
  // learning your key) does not reconnect the socket.
  const announceRef = useRef(announcer.announce);
  useEffect(() => {
    announceRef.current = announcer.announce;
  }, [announcer.announce]);
  const yourKeyRef = useRef<string | null>(initial.you);
  const announce = useCallback(
    (events: DiscussionEvent[], before: DiscussionState) => {
      // The reports queue's length, for the instructors' badge: the newest count wins.
      const counts = events.filter((e): e is Extract<DiscussionEvent, { type: "reports:changed" }> => e.type === "reports:changed");
      if (counts.length) setOpenReports(counts[counts.length - 1].open);
      // A reply (or a new thread) ends its author's "… is replying".
      for (const e of events) {
        if (e.type === "comment:created") typing.clear(e.comment.author.key);
        if (e.type === "thread:created") typing.clear(e.thread.createdBy.key);
      }
      announceRef.current(events, before, yourKeyRef.current);
    },
    [typing],
  );

  // Names changed (an instructor hid or showed them): what the room holds carries the old ones.
  // The page's props (members, the seminar) come again from the server; loaded threads are
  // dropped and the open paragraph's load again, presented with the names as they are now.
  const router = useRouter();
  const openRef = useRef<string | null>(null);
  const reloadNames = useRef<() => void>(() => {});
  const onNamesChanged = useCallback(() => reloadNames.current(), []);
  const { socketRef, you, present, room, connection, removed, feed } = useDiscussionSocket({
    seminarId: seminar.id,
    nameVisibility: seminar.nameVisibility,
    initialRoom: { state: seminar.state, canWrite: seminar.role === "instructor" || seminar.state === "open" },
    you: initial.you,
    get: getStore,
    commit,
    typing,
    onEvents: announce,
    onNamesChanged,
  });

  // Offer "Comment on this passage" while text inside one paragraph is selected.
  useEffect(() => {
    const update = () => setSelection(passageFromSelection());
    document.addEventListener("selectionchange", update);
    return () => document.removeEventListener("selectionchange", update);
  }, []);

  // "Mine" and the author filter count against these; the key arrives with the page, and again on join.
  const yourKey = you?.key ?? initial.you;
  useEffect(() => {
    yourKeyRef.current = yourKey;
  }, [yourKey]);
  useEffect(() => {
    const next = setViewer(storeRef.current, { you: yourKey, author });
    if (next !== storeRef.current) commit(next);
  }, [yourKey, author, commit]);

  const matchesFilter = useCallback(
    (t: ThreadView) =>
      filter === "all" ||
      (filter === "unresolved" && !t.resolved) ||
      (filter === "questions" && isQuestion(t)) ||
      (filter === "mine" && t.comments.some((c) => c.author.key === yourKey)),
    [filter, yourKey],
  );
  const byAuthor = useCallback((t: ThreadView) => !author || t.comments.some((c) => c.author.key === author && !c.deletedAt), [author]);
  const matches = useCallback((t: ThreadView) => byAuthor(t) && matchesFilter(t), [byAuthor, matchesFilter]);

  const numberOf = useMemo(() => new Map(paragraphs.map((p) => [p.id, p.number])), [paragraphs]);
  const loader = useParagraphLoader({ seminarId: seminar.id, get: getStore, commit });
  const { ensure, loadNext, loadUntil } = loader;
  useEffect(() => {
    openRef.current = openParagraph;
    reloadNames.current = () => {
      router.refresh();
      commit(resetThreads(storeRef.current));
      const open = openRef.current;
      if (open) ensure(open, numberOf.get(open) ?? 0);
    };
  });

  const open = useCallback(
    (paragraphId: string, threadId?: string) => {
      setOpenParagraph(paragraphId);
      setShowReports(false);
      setEditing(null);
      if (threadId) setFocusedThread(threadId);
      const n = numberOf.get(paragraphId) ?? 0;
      if (threadId && !storeRef.current.threads[threadId]) void loadUntil(paragraphId, n, threadId);
      else ensure(paragraphId, n);
      const seen = markSeen(storeRef.current, paragraphId);
      if (seen !== storeRef.current) commit(seen);
    },
    [numberOf, ensure, loadUntil, commit],
  );
  const draftFrom = useCallback(
    (sel: Selection, kind?: "prompt") => {
      setDraft(kind ? { ...sel, kind } : sel);
      open(sel.paragraphId);
      window.getSelection()?.removeAllRanges();
    },
    [open],
  );

  const keys = useKeyboardSelection({
    singleKeys,
    canWrite: room.canWrite && !removed,
    announce: say,
    commentOnSelection: useCallback(() => {
      const sel = passageFromSelection();
      if (sel) draftFrom(sel);
      return !!sel;
    }, [draftFrom]),
    openHelp: useCallback(() => setHelpOpen(true), []),
  });

  // A link to a paragraph (#p-N, e.g. from the dashboard's heatmap) opens its discussion.
  useEffect(() => {
    const openFromHash = () => {
      const n = /^#p-(\d+)$/.exec(location.hash)?.[1];
      const p = n ? paragraphs.find((x) => x.number === Number(n)) : undefined;
      if (p) open(p.id);
    };
    openFromHash();
    window.addEventListener("hashchange", openFromHash);
    return () => window.removeEventListener("hashchange", openFromHash);
  }, [paragraphs, open]);

  // Paragraphs load their threads as they come near the viewport.
  const list = useRef<HTMLOListElement>(null);
  usePrefetchOnScroll(list, ensure);

  const maxComments = useMemo(() => Math.max(1, ...Object.values(store.paragraphs).map((p) => p.summary.all.comments)), [store.paragraphs]);
  // Where students' names are hidden, everyone mentions students as "@student.N", so a mention in a
  // comment never ties a real name to a pseudonym for the students who read it.
  const mentionable = useMemo(
    () =>
      members
        .filter((m) => !m.isYou)
        .map((m) => ({
          key: m.key,
          name: m.name,
          handle: seminar.nameVisibility === "hidden_from_students" && m.role === "student" ? `student.${m.key.slice(1)}` : handleFor(m.name),
        })),
    [members, seminar.nameVisibility],
  );

  // ── writes ─────────────────────────────────────────────────────────────────────────────

  const fail = (err: unknown) => (err instanceof ApiError ? err.message : "Something went wrong.");

  // Over the room's socket, or over HTTP when it cannot carry them (lib/client/room-writes.ts).
  const writes = useCallback(() => roomWrites(socketRef.current), [socketRef]);
  const onThreadCreated = useCallback((t: ThreadView) => setFocusedThread(t.id), []);
  // Focus follows a post to its comment while its paragraph's panel is still open; "Posted" is said either way.
  const onPosted = useCallback(
    (commentId: string | null, paragraphId: string) => {
      if (commentId && openParagraphRef.current === paragraphId) setFocusComment(commentId);
      say("Posted.");
    },
    [say],
  );
  const { pending, sentIds, add: addPending, retry } = usePendingWrites({ seminarId: seminar.id, store, writes, onThreadCreated, onPosted });

  const act = async (what: () => Promise<unknown>) => {
    setNotice(null);
    try {
      await what();
    } catch (err) {
      setNotice(fail(err));
    }
  };

  const actions: PanelActions = {
    reply: (thread, body) => {
      addPending({ clientId: newClientId(), threadId: thread.id, paragraphId: thread.paragraphId, passage: null, body, status: "sending" });
    },
    startThread: (body, kind) => {
      if (!openParagraph) return;
      const passage = draft?.paragraphId === openParagraph ? draft.passage : null;
      addPending({ clientId: newClientId(), threadId: null, paragraphId: openParagraph, passage, body, kind, status: "sending" });
      setDraft(null);
    },
    retry: (p) => void retry(p),
    edit: (c: CommentView, body: string) => void act(() => writes().edit(c.id, body)),
    remove: (c: CommentView) => void act(() => writes().remove(c.id)),
    react: (c: CommentView, kind: ReactionKindWire, on: boolean) => void act(() => writes().react(c.id, kind, on)),
    resolve: (t: ThreadView, resolved: boolean) => void act(() => writes().updateThread(t.id, { resolved })),
    hide: (c: CommentView, hidden: boolean) => void act(() => api(`/api/v1/comments/${c.id}/hidden`, { method: hidden ? "POST" : "DELETE" })),
    endorse: (c: CommentView, on: boolean) => void act(() => api(`/api/v1/comments/${c.id}/endorsement`, { method: on ? "PUT" : "DELETE" })),
    lock: (t: ThreadView, locked: boolean) => void act(() => writes().updateThread(t.id, { locked })),
    pin: (t: ThreadView, pinned: boolean) => void act(() => writes().updateThread(t.id, { pinned })),
    report: (c: CommentView) => {
      setNotice(null);
      setReporting(c);
    },
    focusThread: setFocusedThread,
    typing: (threadId) => {
      const now = Date.now();
      if (now - lastTyping.current < 2000 || !socketRef.current) return;
      lastTyping.current = now;
      socketRef.current.emit("thread:typing", { seminarId: seminar.id, ...(threadId ? { threadId } : { paragraphId: openParagraph ?? undefined }) });
    },
  };

  const panelActions = useStableActions(actions);

  const openParagraphView = paragraphs.find((p) => p.id === openParagraph) ?? null;
  const openThreads = (openParagraph ? threadsFor(store, openParagraph) : undefined) ?? NO_THREADS;
  const panelThreads = useMemo(() => openThreads.filter(matches), [openThreads, matches]);
  // Pending comments disappear once the real one (same clientId) is in the store.
  const panelPending = useMemo(() => {
    if (!openParagraph || !pending.length) return NO_PENDING;
    const known = new Set(openThreads.flatMap((t) => t.comments.map((c) => c.clientId).filter(Boolean) as string[]));
    const mine = pending.filter((p) => p.paragraphId === openParagraph && !known.has(p.clientId));
    return mine.length ? mine : NO_PENDING;
  }, [pending, openThreads, openParagraph]);
  const panelParagraph = useMemo(() => (openParagraphView ? { id: openParagraphView.id, number: openParagraphView.number } : null), [openParagraphView]);
  const panelYou = useMemo(() => (you ? { key: you.key, name: you.name, role: seminar.role } : null), [you, seminar.role]);
  const openStatus = openParagraph ? (store.paragraphs[openParagraph]?.status ?? "idle") : "idle";
  const loadMore = useCallback(() => {
    if (panelParagraph) void loadNext(panelParagraph.id, panelParagraph.number);
  }, [panelParagraph, loadNext]);
  const closePanel = useCallback(() => {
    const number = panelParagraph?.number;
    setOpenParagraph(null);
    setFocusComment(null);
    // Back to where the reader was: the paragraph's margin button.
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-testid="margin-${number}"]`)?.focus());
  }, [panelParagraph]);
  const clearPassage = useCallback(() => setDraft(null), []);
  const clearFocusComment = useCallback(() => setFocusComment(null), []);

  const showLinked = useCallback((t: ThreadView) => open(t.paragraphId, t.id), [open]);
  const locateLinked = useCallback(
    (threadId: string) => {
      if (linkedParagraph) void loadUntil(linkedParagraph, numberOf.get(linkedParagraph) ?? 0, threadId);
    },
    [linkedParagraph, loadUntil, numberOf],
  );
  useThreadLink(store.threads, showLinked, locateLinked);
  const focusedParagraph = focusedThread ? (store.threads[focusedThread]?.paragraphId ?? openParagraph) : null;

  return (
    <div className={`room${openParagraphView || showReports ? " room-panel-open" : ""}${heat ? " room-heat" : ""}${singleKeys ? "" : " room-no-single-keys"}`}>
      <article className="reading" data-reading-id={seminar.reading.id} onKeyDown={keys.onKeyDown} onBlur={keys.onBlur}>
        {header}
        <div className="reading-header room-header">
          <RoomBar
            seminar={seminar}
            members={members}
            present={present}
            you={you}
            room={room}
            connection={connection}
            removed={removed}
            openReports={openReports}
            onShowReports={() => {
              setOpenParagraph(null);
              setShowReports((v) => !v);
            }}
          />
          <div className="room-tools" role="group" aria-label="Discussion view">
            <label>
              Show{" "}
              <select value={filter} onChange={(e) => setFilter(e.target.value as Filter)} aria-label="Which threads to show">
                <option value="all">All threads</option>
                <option value="unresolved">Unresolved</option>
                <option value="mine">Mine</option>
                <option value="questions">Questions</option>
              </select>
            </label>
            {/* On phones these wait behind "More options", so the reading starts near the top (they stay
                open once opened: a paused feed's "Show N new" is among them). */}
            <button type="button" className="room-tools-toggle link-button" aria-expanded={toolsOpen} aria-controls="room-tools-more" onClick={() => setToolsOpen((v) => !v)}>
              More options{feed.paused ? " (feed paused)" : ""}
            </button>
            <div className={`room-tools-more${toolsOpen ? " room-tools-expanded" : ""}`} id="room-tools-more">
              <LiveSettings setting={announcer.setting} onSetting={announcer.setSetting} paused={feed.paused} held={feed.held} onPause={feed.setPaused} />
              <label className="toggle">
                <input type="checkbox" checked={heat} onChange={(e) => setHeat(e.target.checked)} /> Shade by discussion
              </label>
              <span className="muted">Select text in a paragraph (or press Enter on it) to comment on a passage; click a paragraph&rsquo;s margin to see its threads.</span>
              <span className="margin-legend" data-testid="margin-legend">
                <span className="margin-legend-sample">1 · 2</span> in the margin = threads · comments
              </span>
              <button type="button" className="button button-small button-quiet" onClick={() => setHelpOpen(true)}>
                Keyboard shortcuts
              </button>
            </div>
          </div>
          <p id="paragraph-keys" hidden>
            Enter selects a passage by keys. Right arrow: the paragraph&rsquo;s discussion.{singleKeys ? " Question mark: all keys." : ""}
          </p>
          {author ? (
            <p className="notice" role="status" data-testid="author-filter">
              Showing only threads with comments by <strong>{members.find((m) => m.key === author)?.name ?? "a former member"}</strong>.{" "}
              <button type="button" className="link-button" onClick={() => setAuthor(null)}>
                Show everyone&rsquo;s
              </button>
            </p>
          ) : null}
          {notice ? (
            <p className={notice.startsWith("Thank you") ? "notice" : "form-error"} role="alert" data-testid="room-notice">
              {notice}
            </p>
          ) : null}
        </div>
        <ol className="paragraphs" aria-label="Paragraphs" ref={list}>
          {paragraphs.map((p) => (
            <ParagraphRow
              key={p.id}
              p={p}
              threads={threadsFor(store, p.id)}
              state={store.paragraphs[p.id]}
              matches={matches}
              filter={filter}
              author={author}
              open={openParagraph === p.id}
              heat={heat ? (store.paragraphs[p.id]?.summary.all.comments ?? 0) / maxComments : null}
              focusedThread={focusedParagraph === p.id ? focusedThread : null}
              selection={selection?.paragraphId === p.id ? selection : null}
              entered={keys.entered === p.id}
              canWrite={room.canWrite}
              instructor={seminar.role === "instructor"}
              onOpen={open}
              onDraft={draftFrom}
            />
          ))}
        </ol>
      </article>
      {panelParagraph ? (
        <ThreadPanel
          paragraph={panelParagraph}
          threads={panelThreads}
          status={openStatus}
          onLoadMore={loadMore}
          pending={panelPending}
          draftPassage={draft?.paragraphId === panelParagraph.id ? draft.passage : null}
          draftKind={draft?.paragraphId === panelParagraph.id ? draft.kind : undefined}
          you={panelYou}
          canWrite={room.canWrite && !removed}
          members={mentionable}
          focusedThread={focusedThread}
          editing={editing}
          setEditing={setEditing}
          sentIds={sentIds}
          typing={typing}
          actions={panelActions}
          onClose={closePanel}
          onClearPassage={clearPassage}
          focusComment={focusComment}
          onCommentFocused={clearFocusComment}
        />
      ) : null}
      {showReports && openReports !== null ? (
        <aside className="thread-panel" aria-label="Reports">
          <ReportsPanel
            seminarId={seminar.id}
            open={openReports}
            onHide={actions.hide}
            onShowParagraph={(threadId, paragraphNumber) => {
              const p = store.threads[threadId]?.paragraphId ?? paragraphs.find((x) => x.number === paragraphNumber)?.id;
              if (p) open(p, threadId);
            }}
            onClose={() => setShowReports(false)}
          />
        </aside>
      ) : null}
      {helpOpen ? <KeyboardHelp singleKeys={singleKeys} onSingleKeys={setSingleKeys} onClose={() => setHelpOpen(false)} /> : null}
      {reporting ? (
        <ReportDialog
          comment={reporting}
          onClose={(message) => {
            setReporting(null);
            if (message) setNotice(message);
          }}
        />
      ) : null}
      <div className="visually-hidden" aria-live="polite" data-testid="announcer">
        {announcer.message}
      </div>
    </div>
  );
}
