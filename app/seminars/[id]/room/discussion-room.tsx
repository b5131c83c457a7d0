"use client";

// The seminar room: the reading with a live discussion in its margin. One Socket.IO connection
// per page; the discussion state is the pure reducer in lib/client/discussion-store.ts, fed by
// the initial GET, by live events, by the join ack's backlog after a reconnect, and by
// /events?after= when a gap shows. Writes go over the JSON API, optimistic until confirmed.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { api, ApiError } from "@/lib/client/api";
import { applyEvents, createGapFiller, initialState, type DiscussionState } from "@/lib/client/discussion-store";
import { connectSocket, type ClientSocket } from "@/lib/client/socket";
import { applyPresence, presenceFromAck } from "@/lib/client/presence";
import type { ParagraphView } from "@/lib/domain/readings/present";
import type { MemberView, SeminarView } from "@/lib/domain/seminars/present";
import type { CommentView, PassageView, ThreadView } from "@/lib/domain/threads/present";
import type { ReactionKindWire } from "@/lib/domain/threads/schema";
import { handleFor } from "@/lib/domain/threads/handles";
import { DISCUSSION_EVENT_TYPES, type DiscussionEvent, type PresentMember, type RoomState } from "@/lib/realtime/events";
import { LeadIn, ParagraphNumber } from "@/app/_components/reading-text";
import { RoomBar } from "../room-bar";
import { ThreadPanel, type PanelActions, type Pending } from "./thread-panel";
import { ReportDialog } from "./report-dialog";
import { ReportsPanel } from "./reports-panel";
import { compareThreads } from "@/lib/domain/threads/order";
import { useThreadLink } from "./use-thread-link";

type Filter = "all" | "unresolved" | "mine" | "questions";
type Connection = "connecting" | "live" | "offline";

interface Props {
  seminar: SeminarView;
  members: MemberView[];
  paragraphs: ParagraphView[];
  initial: { seq: number; threads: ThreadView[] };
  /** Open reports now (instructors); null for students. Kept live by reports:changed. */
  openReports?: number | null;
  header: React.ReactNode;
  /** From the URL (links from the dashboard): show only threads with this member's comments (a member key). */
  initialAuthor?: string | null;
}

const newClientId = () => (typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `c${Date.now()}${Math.random().toString(36).slice(2)}`);

/** A question: flagged with the question reaction, or its opening comment asks one. */
export function isQuestion(t: ThreadView): boolean {
  const first = t.comments[0];
  return t.comments.some((c) => c.reactions.some((r) => r.kind === "question")) || !!first?.body?.trim().endsWith("?");
}

/** Paragraph text split at passage boundaries, each piece with the threads whose passage covers it. */
function segments(text: string, threads: ThreadView[]): { text: string; threadIds: string[] }[] {
  const passages = threads.filter((t) => t.passage && t.passage.end <= text.length && text.slice(t.passage.start, t.passage.end) === t.passage.exact);
  if (!passages.length) return [{ text, threadIds: [] }];
  const cuts = new Set([0, text.length]);
  for (const t of passages) {
    cuts.add(t.passage!.start);
    cuts.add(t.passage!.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: { text: string; threadIds: string[] }[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const [a, b] = [points[i], points[i + 1]];
    out.push({ text: text.slice(a, b), threadIds: passages.filter((t) => t.passage!.start <= a && t.passage!.end >= b).map((t) => t.id) });
  }
  return out;
}

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

export function DiscussionRoom({ seminar, members, paragraphs, initial, header, initialAuthor = null, openReports: initialOpenReports = null }: Props) {
  const [store, setStore] = useState<DiscussionState>(() => initialState(initial.seq, initial.threads));
  const storeRef = useRef(store);
  const [openParagraph, setOpenParagraph] = useState<string | null>(null);
  const [focusedThread, setFocusedThread] = useState<string | null>(null);
  const [author, setAuthor] = useState<string | null>(initialAuthor);
  const [draft, setDraft] = useState<{ paragraphId: string; passage: PassageView; kind?: "prompt" } | null>(null);
  const [openReports, setOpenReports] = useState<number | null>(initialOpenReports);
  const [showReports, setShowReports] = useState(false);
  const [reporting, setReporting] = useState<CommentView | null>(null);
  const [selection, setSelection] = useState<{ paragraphId: string; passage: PassageView } | null>(null);
  const [filter, setFilter] = useState<Filter>("all");
  const [heat, setHeat] = useState(false);
  const [pending, setPending] = useState<Pending[]>([]);
  const [sentIds, setSentIds] = useState<Set<string>>(() => new Set());
  const [editing, setEditing] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [typing, setTyping] = useState<Record<string, { name: string; threadId?: string; paragraphId?: string; until: number }>>({});
  const [present, setPresent] = useState<PresentMember[]>([]);
  const [you, setYou] = useState<PresentMember | null>(null);
  const [room, setRoom] = useState<Pick<RoomState, "state" | "canWrite">>({ state: seminar.state, canWrite: seminar.role === "instructor" || seminar.state === "open" });
  const [connection, setConnection] = useState<Connection>("connecting");
  const [removed, setRemoved] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const socketRef = useRef<ClientSocket | null>(null);
  const lastTyping = useRef(0);

  const commit = useCallback((next: DiscussionState) => {
    storeRef.current = next;
    setStore(next);
  }, []);

  const announce = useCallback((events: DiscussionEvent[]) => {
    // The reports queue's length, for the instructors' badge: the newest count wins.
    const counts = events.filter((e): e is Extract<DiscussionEvent, { type: "reports:changed" }> => e.type === "reports:changed");
    if (counts.length) setOpenReports(counts[counts.length - 1].open);
    const fresh = events.filter((e) => e.type === "thread:created" || e.type === "comment:created");
    if (!fresh.length) return;
    const last = fresh[fresh.length - 1];
    const author = last.type === "thread:created" ? last.thread.createdBy.name : last.comment.author.name;
    const where = last.type === "thread:created" ? `a new thread on paragraph ${last.thread.paragraphNumber}` : "a new reply";
    setAnnouncement(`${author} posted ${where}.`);
  }, []);

  /**
   * Fetches everything after the applied seq (after a gap, or when the join ack said there is
   * more), and again at once while a gap remains after a fill (lib/client/discussion-store.ts).
   */
  const filler = useRef<{ seminarId: string; fill: () => Promise<void> } | null>(null);
  const fillGap = useCallback(() => {
    if (filler.current?.seminarId !== seminar.id) {
      const { fill } = createGapFiller({
        get: () => storeRef.current,
        apply: (r) => {
          commit(r.state);
          announce(r.applied);
        },
        fetchAfter: (seq) => api<{ seq: number; events: DiscussionEvent[]; more: boolean }>(`/api/v1/seminars/${seminar.id}/events?after=${seq}`),
      });
      filler.current = { seminarId: seminar.id, fill };
    }
    return filler.current.fill();
  }, [seminar.id, commit, announce]);

  const gapTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const receive = useCallback(
    (events: DiscussionEvent[]) => {
      const r = applyEvents(storeRef.current, events);
      commit(r.state);
      announce(r.applied);
      // A gap is usually a push still on its way from another server process: give it a moment
      // before asking the server, so a whole room does not fetch at once for nothing.
      if (r.gap && !gapTimer.current) {
        gapTimer.current = setTimeout(() => {
          gapTimer.current = null;
          if (Object.keys(storeRef.current.held).length) void fillGap();
        }, 400);
      }
    },
    [commit, announce, fillGap],
  );

  useEffect(() => {
    const socket = connectSocket();
    socketRef.current = socket;
    const join = async () => {
      const ack = await socket
        .timeout(10_000)
        .emitWithAck("seminar:join", { seminarId: seminar.id, afterSeq: storeRef.current.seq })
        .catch(() => null);
      if (!ack) return setConnection("offline");
      if (!ack.ok) {
        setConnection("offline");
        if (ack.error.code === "FORBIDDEN") setRemoved(true);
        return;
      }
      setYou(ack.data.you);
      setPresent(presenceFromAck(ack.data.present));
      setRoom(ack.data.room);
      setConnection("live");
      receive(ack.data.events);
      if (ack.data.more) void fillGap();
    };
    socket.on("connect", join); // and again after every reconnect, resuming from the last applied seq
    socket.on("disconnect", () => setConnection("offline"));
    socket.on("presence:changed", (p) => p.seminarId === seminar.id && setPresent((list) => applyPresence(list, p)));
    socket.on("seminar:updated", (s) => s.seminarId === seminar.id && setRoom({ state: s.state, canWrite: s.canWrite }));
    socket.on("seminar:removed", (p) => p.seminarId === seminar.id && setRemoved(true));
    socket.on("thread:typing", (t) => {
      if (t.seminarId !== seminar.id) return;
      setTyping((all) => ({ ...all, [t.who.key]: { name: t.who.name, threadId: t.threadId, paragraphId: t.paragraphId, until: Date.now() + 4000 } }));
    });
    for (const type of DISCUSSION_EVENT_TYPES) {
      (socket.on as (ev: string, fn: (e: DiscussionEvent) => void) => void)(type, (e) => e.seminarId === seminar.id && receive([e]));
    }
    const sweep = setInterval(() => {
      setTyping((all) => {
        const now = Date.now();
        const kept = Object.fromEntries(Object.entries(all).filter(([, v]) => v.until > now));
        return Object.keys(kept).length === Object.keys(all).length ? all : kept;
      });
    }, 1000);
    return () => {
      clearInterval(sweep);
      socket.disconnect();
    };
  }, [seminar.id, receive, fillGap]);

  // Offer "Comment on this passage" while text inside one paragraph is selected.
  useEffect(() => {
    const update = () => setSelection(passageFromSelection());
    document.addEventListener("selectionchange", update);
    return () => document.removeEventListener("selectionchange", update);
  }, []);

  const threads = useMemo(() => Object.values(store.threads), [store.threads]);
  const byParagraph = useMemo(() => {
    const map = new Map<string, ThreadView[]>();
    // Prompts, then pinned threads, then the rest (the server lists them in the same order).
    for (const t of threads.sort(compareThreads)) map.set(t.paragraphId, [...(map.get(t.paragraphId) ?? []), t]);
    return map;
  }, [threads]);
  const matchesFilter = useCallback(
    (t: ThreadView) =>
      filter === "all" ||
      (filter === "unresolved" && !t.resolved) ||
      (filter === "questions" && isQuestion(t)) ||
      (filter === "mine" && !!you && t.comments.some((c) => c.author.key === you.key)),
    [filter, you],
  );
  const byAuthor = useCallback((t: ThreadView) => !author || t.comments.some((c) => c.author.key === author && !c.deletedAt), [author]);
  const matches = useCallback((t: ThreadView) => byAuthor(t) && matchesFilter(t), [byAuthor, matchesFilter]);

  // A link to a paragraph (#p-N, e.g. from the dashboard's heatmap) opens its discussion.
  useEffect(() => {
    const openFromHash = () => {
      const n = /^#p-(\d+)$/.exec(location.hash)?.[1];
      const p = n ? paragraphs.find((x) => x.number === Number(n)) : undefined;
      if (p) setOpenParagraph(p.id);
    };
    openFromHash();
    window.addEventListener("hashchange", openFromHash);
    return () => window.removeEventListener("hashchange", openFromHash);
  }, [paragraphs]);
  const maxComments = useMemo(() => Math.max(1, ...[...byParagraph.values()].map((ts) => ts.reduce((n, t) => n + t.comments.filter((c) => !c.deletedAt).length, 0))), [byParagraph]);
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
  const settle = (clientId: string, patch: Partial<Pending> | null) =>
    setPending((all) => (patch ? all.map((p) => (p.clientId === clientId ? { ...p, ...patch } : p)) : all.filter((p) => p.clientId !== clientId)));

  const send = useCallback(
    async (p: Pending) => {
      settle(p.clientId, { status: "sending", error: undefined });
      try {
        if (p.threadId) {
          await api(`/api/v1/threads/${p.threadId}/comments`, { body: { body: p.body, clientId: p.clientId } });
        } else {
          const t = await api<ThreadView>(`/api/v1/seminars/${seminar.id}/threads`, {
            body: { paragraphId: p.paragraphId, body: p.body, clientId: p.clientId, ...(p.passage ? { passage: p.passage } : {}), ...(p.kind ? { kind: p.kind } : {}) },
          });
          setFocusedThread(t.id);
        }
        setSentIds((s) => new Set(s).add(p.clientId));
        settle(p.clientId, { status: "sent" });
      } catch (err) {
        settle(p.clientId, { status: "failed", error: fail(err) });
      }
    },
    [seminar.id],
  );

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
      const p: Pending = { clientId: newClientId(), threadId: thread.id, paragraphId: thread.paragraphId, passage: null, body, status: "sending" };
      setPending((all) => [...all, p]);
      void send(p);
    },
    startThread: (body, kind) => {
      if (!openParagraph) return;
      const passage = draft?.paragraphId === openParagraph ? draft.passage : null;
      const p: Pending = { clientId: newClientId(), threadId: null, paragraphId: openParagraph, passage, body, kind, status: "sending" };
      setPending((all) => [...all, p]);
      setDraft(null);
      void send(p);
    },
    retry: (p) => void send(p),
    edit: (c: CommentView, body: string) => void act(() => api(`/api/v1/comments/${c.id}`, { method: "PATCH", body: { body } })),
    remove: (c: CommentView) => void act(() => api(`/api/v1/comments/${c.id}`, { method: "DELETE" })),
    react: (c: CommentView, kind: ReactionKindWire, on: boolean) => void act(() => api(`/api/v1/comments/${c.id}/reactions/${kind}`, { method: on ? "PUT" : "DELETE" })),
    resolve: (t: ThreadView, resolved: boolean) => void act(() => api(`/api/v1/threads/${t.id}`, { method: "PATCH", body: { resolved } })),
    hide: (c: CommentView, hidden: boolean) => void act(() => api(`/api/v1/comments/${c.id}/hidden`, { method: hidden ? "POST" : "DELETE" })),
    endorse: (c: CommentView, on: boolean) => void act(() => api(`/api/v1/comments/${c.id}/endorsement`, { method: on ? "PUT" : "DELETE" })),
    lock: (t: ThreadView, locked: boolean) => void act(() => api(`/api/v1/threads/${t.id}`, { method: "PATCH", body: { locked } })),
    pin: (t: ThreadView, pinned: boolean) => void act(() => api(`/api/v1/threads/${t.id}`, { method: "PATCH", body: { pinned } })),
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

  // Pending comments disappear once the real one (same clientId) is in the store.
  const knownClientIds = useMemo(() => new Set(threads.flatMap((t) => t.comments.map((c) => c.clientId).filter(Boolean) as string[])), [threads]);
  const visiblePending = pending.filter((p) => !knownClientIds.has(p.clientId));

  const open = (paragraphId: string) => {
    setOpenParagraph(paragraphId);
    setShowReports(false);
    setEditing(null);
  };
  const openParagraphView = paragraphs.find((p) => p.id === openParagraph) ?? null;
  useThreadLink(store.threads, (t) => {
    open(t.paragraphId);
    setFocusedThread(t.id);
  });

  return (
    <div className={`room${openParagraphView || showReports ? " room-panel-open" : ""}${heat ? " room-heat" : ""}`}>
      <article className="reading" data-reading-id={seminar.reading.id}>
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
            <label className="toggle">
              <input type="checkbox" checked={heat} onChange={(e) => setHeat(e.target.checked)} /> Shade by discussion
            </label>
            <span className="muted">Select text in a paragraph to comment on a passage; click a paragraph&rsquo;s margin to see its threads.</span>
          </div>
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
        <ol className="paragraphs" aria-label="Paragraphs">
          {paragraphs.map((p) => {
            const all = byParagraph.get(p.id) ?? [];
            const shown = all.filter(matches);
            const comments = shown.reduce((n, t) => n + t.comments.filter((c) => !c.deletedAt).length, 0);
            const openQuestions = shown.filter((t) => !t.resolved && isQuestion(t)).length;
            const heatLevel = all.reduce((n, t) => n + t.comments.filter((c) => !c.deletedAt).length, 0) / maxComments;
            const focused = focusedThread ? store.threads[focusedThread] : null;
            const label = `Paragraph ${p.number}: ${shown.length} thread${shown.length === 1 ? "" : "s"}, ${comments} comment${comments === 1 ? "" : "s"}${openQuestions ? `, ${openQuestions} open question${openQuestions === 1 ? "" : "s"}` : ""}. Open the discussion.`;
            return (
              <li
                key={p.id}
                id={p.anchor}
                className={`paragraph${openParagraph === p.id ? " paragraph-open" : ""}`}
                data-paragraph-id={p.id}
                value={p.number}
                style={heat ? ({ "--heat": heatLevel.toFixed(2) } as React.CSSProperties) : undefined}
              >
                <ParagraphNumber paragraph={p} />
                <p className="paragraph-text">
                  <LeadIn heading={p.heading} />
                  <span className="paragraph-body">
                    {segments(p.text, shown).map((s, i) =>
                      s.threadIds.length ? (
                        <mark
                          key={i}
                          className={`passage${focused && s.threadIds.includes(focused.id) ? " passage-active" : ""}`}
                          data-thread-ids={s.threadIds.join(" ")}
                          tabIndex={0}
                          role="button"
                          aria-label={`Passage with discussion: ${s.text}`}
                          onClick={() => {
                            open(p.id);
                            setFocusedThread(s.threadIds[0]);
                          }}
                          onKeyDown={(e) => {
                            if (e.key === "Enter" || e.key === " ") {
                              e.preventDefault();
                              open(p.id);
                              setFocusedThread(s.threadIds[0]);
                            }
                          }}
                        >
                          {s.text}
                        </mark>
                      ) : (
                        <span key={i}>{s.text}</span>
                      ),
                    )}
                  </span>
                </p>
                <div className="paragraph-margin">
                  <button type="button" className={`margin-count${shown.length ? "" : " margin-empty"}`} onClick={() => open(p.id)} aria-label={label} aria-expanded={openParagraph === p.id} data-testid={`margin-${p.number}`}>
                    {shown.length ? (
                      <>
                        <span className="margin-threads">{shown.length}</span>
                        <span className="margin-sep">·</span>
                        <span className="margin-comments">{comments}</span>
                        {openQuestions ? <span className="margin-question" title="Open question">?</span> : null}
                      </>
                    ) : (
                      <span aria-hidden="true">+</span>
                    )}
                  </button>
                </div>
                {selection?.paragraphId === p.id && room.canWrite ? (
                  <button
                    type="button"
                    className="button button-small passage-button"
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => {
                      setDraft(selection);
                      open(p.id);
                      window.getSelection()?.removeAllRanges();
                    }}
                  >
                    Comment on this passage
                  </button>
                ) : null}
                {selection?.paragraphId === p.id && room.canWrite && seminar.role === "instructor" ? (
                  <button
                    type="button"
                    className="button button-small passage-button passage-button-prompt"
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => {
                      setDraft({ ...selection, kind: "prompt" });
                      open(p.id);
                      window.getSelection()?.removeAllRanges();
                    }}
                  >
                    Post a prompt
                  </button>
                ) : null}
              </li>
            );
          })}
        </ol>
      </article>
      {openParagraphView ? (
        <ThreadPanel
          paragraph={{ id: openParagraphView.id, number: openParagraphView.number }}
          threads={(byParagraph.get(openParagraphView.id) ?? []).filter(matches)}
          pending={visiblePending.filter((x) => x.paragraphId === openParagraphView.id)}
          draftPassage={draft?.paragraphId === openParagraphView.id ? draft.passage : null}
          draftKind={draft?.paragraphId === openParagraphView.id ? draft.kind : undefined}
          you={you ? { key: you.key, role: seminar.role } : null}
          canWrite={room.canWrite && !removed}
          members={mentionable}
          focusedThread={focusedThread}
          editing={editing}
          setEditing={setEditing}
          sentIds={sentIds}
          typing={Object.values(typing).filter((t) => t.threadId ? (byParagraph.get(openParagraphView.id) ?? []).some((x) => x.id === t.threadId) : t.paragraphId === openParagraphView.id)}
          actions={actions}
          onClose={() => {
            const number = openParagraphView.number;
            setOpenParagraph(null);
            // Back to where the reader was: the paragraph's margin button.
            requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-testid="margin-${number}"]`)?.focus());
          }}
          onClearPassage={() => setDraft(null)}
        />
      ) : null}
      {showReports && openReports !== null ? (
        <aside className="thread-panel" aria-label="Reports">
          <ReportsPanel
            seminarId={seminar.id}
            open={openReports}
            onHide={actions.hide}
            onShowParagraph={(threadId) => {
              const t = store.threads[threadId];
              if (!t) return;
              open(t.paragraphId);
              setFocusedThread(threadId);
            }}
            onClose={() => setShowReports(false)}
          />
        </aside>
      ) : null}
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
        {announcement}
      </div>
    </div>
  );
}
