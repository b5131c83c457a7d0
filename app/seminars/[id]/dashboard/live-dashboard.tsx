"use client";

// The dashboard's body. It renders on the server from the figures the page read, then keeps
// them live: it joins the seminar's socket room like the room does, and on any discussion event
// fetches GET /api/v1/seminars/:id/stats again (once per burst, ~500 ms after its first event).
import Link from "next/link";
import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import { api } from "@/lib/client/api";
import { connectSocket } from "@/lib/client/socket";
import type { SeminarStats } from "@/lib/domain/stats/schema";
import { DISCUSSION_EVENT_TYPES } from "@/lib/realtime/events";
import { ActivityChart, Heatmap, type TimeFormat } from "./charts";
import { ParticipationTable } from "./participation-table";

const REFETCH_DELAY_MS = 500;
type Connection = "connecting" | "live" | "offline";

const noop = () => () => {};
/** Times in the reader's zone once in the browser; in UTC (and said so) in the server's HTML. */
function useTimeFormat(): TimeFormat {
  const inBrowser = useSyncExternalStore(noop, () => true, () => false);
  return useCallback(
    (iso: string, withDay: boolean) => {
      const opts: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", hourCycle: "h23", ...(withDay ? { weekday: "short", day: "numeric", month: "short" } : {}) };
      if (inBrowser) return new Intl.DateTimeFormat(undefined, opts).format(new Date(iso));
      return `${new Intl.DateTimeFormat("en-GB", { ...opts, timeZone: "UTC" }).format(new Date(iso))} UTC`;
    },
    [inBrowser],
  );
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

export function LiveDashboard({ seminarId, initial, firstWords }: { seminarId: string; initial: SeminarStats; firstWords: Record<number, string> }) {
  const [stats, setStats] = useState(initial);
  const [connection, setConnection] = useState<Connection>("connecting");
  const format = useTimeFormat();

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let inFlight = false;
    let again = false;
    let stopped = false;
    const refresh = async () => {
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      try {
        const next = await api<SeminarStats>(`/api/v1/seminars/${seminarId}/stats`);
        if (!stopped) setStats((s) => (next.seq >= s.seq ? next : s));
      } catch {
        // the next event or reconnect tries again
      } finally {
        inFlight = false;
        if (again && !stopped) {
          again = false;
          void refresh();
        }
      }
    };
    const schedule = () => {
      if (timer) return; // one fetch per burst of events
      timer = setTimeout(() => {
        timer = null;
        void refresh();
      }, REFETCH_DELAY_MS);
    };

    const socket = connectSocket();
    socket.on("connect", async () => {
      const ack = await socket.timeout(10_000).emitWithAck("seminar:join", { seminarId }).catch(() => null);
      if (!ack?.ok) return setConnection("offline");
      setConnection("live");
      schedule(); // whatever happened between this page's render (or a disconnect) and now
    });
    socket.on("disconnect", () => setConnection("offline"));
    for (const type of DISCUSSION_EVENT_TYPES) {
      (socket.on as (ev: string, fn: (e: { seminarId: string }) => void) => void)(type, (e) => e.seminarId === seminarId && schedule());
    }
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      socket.disconnect();
    };
  }, [seminarId]);

  const { totals } = stats;
  const discussed = totals.paragraphs - totals.silentParagraphs;
  return (
    <>
      <p className="dashboard-status">
        <span className={`connection connection-${connection}`} role="status" aria-live="polite" data-testid="dashboard-connection">
          {connection === "live" ? "Live" : connection === "connecting" ? "Connecting…" : "Offline — reconnecting"}
        </span>
        <span className="muted">
          {" "}
          · figures as of <time dateTime={stats.generatedAt}>{format(stats.generatedAt, false)}</time>
        </span>
      </p>

      <ul className="tiles" aria-label="In brief">
        <li className="tile">
          <strong>{totals.comments}</strong> {totals.comments === 1 ? "comment" : "comments"}
          <span className="muted">in {plural(totals.threads, "thread")}</span>
        </li>
        <li className="tile">
          <strong>
            {discussed}/{totals.paragraphs}
          </strong>{" "}
          paragraphs discussed
          <span className="muted">{totals.silentParagraphs ? `${totals.silentParagraphs} not yet` : "every one"}</span>
        </li>
        <li className="tile">
          <strong>{stats.participation.filter((p) => p.role === "student" && p.threadsStarted + p.replies > 0).length}/{totals.students}</strong> students writing
          <span className="muted">{plural(totals.members, "member")} in all</span>
        </li>
        <li className="tile">
          <strong>{stats.openQuestions.length}</strong> open {stats.openQuestions.length === 1 ? "question" : "questions"}
          <span className="muted">waiting for an answer</span>
        </li>
        <li className={`tile${stats.openReports ? " tile-alert" : ""}`}>
          <strong data-testid="dashboard-open-reports">{stats.openReports}</strong> open {stats.openReports === 1 ? "report" : "reports"}
          <span className="muted">to handle</span>
        </li>
      </ul>

      <div className="dashboard-grid">
        <div className="dashboard-column">
          <section className="card dashboard-heatmap" aria-labelledby="heatmap-heading">
            <h2 id="heatmap-heading">Where the discussion is</h2>
            <Heatmap seminarId={seminarId} paragraphs={stats.paragraphs} firstWords={firstWords} />
          </section>

          <section className="card dashboard-activity" aria-labelledby="activity-heading">
            <h2 id="activity-heading">Activity over time</h2>
            <ActivityChart activity={stats.activity} format={format} />
          </section>
        </div>

        <div className="dashboard-column">
          <section className="card" aria-labelledby="questions-heading">
            <h2 id="questions-heading">Open questions</h2>
            {stats.openQuestions.length === 0 ? (
              <p className="empty-note" data-testid="questions-empty">
                No open questions: every question so far has an answer from someone else, or is resolved.
              </p>
            ) : (
              <ol className="question-list" data-testid="open-questions">
                {stats.openQuestions.map((q) => (
                  <li key={q.threadId}>
                    <Link href={`/seminars/${seminarId}?thread=${q.threadId}#p-${q.paragraphNumber}`}>{q.excerpt || "(no text)"}</Link>
                    <span className="muted">
                      ¶{q.paragraphNumber} · {q.askedBy.name} · <time dateTime={q.createdAt}>{format(q.createdAt, true)}</time>
                      {q.flagged ? <span className="badge badge-question">marked as a question</span> : null}
                    </span>
                  </li>
                ))}
              </ol>
            )}
          </section>

          <section className="card" aria-labelledby="prompts-heading">
            <h2 id="prompts-heading">Prompts</h2>
            {stats.prompts.length === 0 ? (
              <p className="empty-note" data-testid="prompts-empty">
                No prompts yet. A prompt is a question you post on a paragraph for students to answer; this shows how many have replied.
              </p>
            ) : (
              <ul className="prompt-list" data-testid="prompts">
                {stats.prompts.map((p) => {
                  const share = p.students ? p.studentsReplied / p.students : 0;
                  return (
                    <li key={p.threadId} data-prompt-id={p.threadId}>
                      <Link href={`/seminars/${seminarId}?thread=${p.threadId}#p-${p.paragraphNumber}`}>{p.excerpt || "(no text)"}</Link>
                      <span className="muted">¶{p.paragraphNumber}</span>
                      <div className="meter-row">
                        <svg className="meter" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
                          <rect width="100" height="8" rx="4" className="meter-track" />
                          {share > 0 ? <rect width={Math.max(4, share * 100)} height="8" rx="4" className="meter-fill" /> : null}
                        </svg>
                        <span data-testid="prompt-replied">
                          <strong>{p.studentsReplied}</strong> of {plural(p.students, "student")} replied
                        </span>
                        <span className="muted">({plural(p.replies, "reply", "replies")})</span>
                      </div>
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        </div>
      </div>

      <section className="card" aria-labelledby="participation-heading">
        <h2 id="participation-heading">Participation</h2>
        <ParticipationTable seminarId={seminarId} rows={stats.participation} format={format} />
      </section>
    </>
  );
}
