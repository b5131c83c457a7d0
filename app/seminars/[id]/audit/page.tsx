import type { Metadata } from "next";
import Link from "next/link";
import { listAudit } from "@/lib/domain/moderation/service";
import { seminarForPage } from "@/lib/pages/guards";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ before?: string }> };

/** The seminar's moderation log for its instructors: who did what, when, and why; newest first. */
export default async function AuditLogPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { before } = await searchParams;
  const { actor, seminar } = await seminarForPage(id, `/seminars/${id}/audit`, { instructor: true });
  const validBefore = before && /^[A-Za-z0-9_-]{1,64}$/.test(before) ? before : undefined;
  const { entries, more } = await listAudit(actor, id, { limit: 100, before: validBefore }).catch(() => listAudit(actor, id, { limit: 100 }));
  return (
    <div className="page">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link href="/seminars">My seminars</Link> / <Link href={`/seminars/${id}`}>{seminar.title}</Link>
      </nav>
      <h1 className="page-title">Audit log</h1>
      <p className="lede">Every moderation action in this seminar: who did what, when, and why. Only instructors see this page.</p>
      {entries.length === 0 ? (
        <p className="empty-state">Nothing has been moderated yet.</p>
      ) : (
        <table className="audit-table" data-testid="audit-log">
          <caption className="visually-hidden">Moderation actions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">On</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-action={e.action}>
                <td>
                  <time dateTime={e.createdAt}>{new Date(e.createdAt).toISOString().replace("T", " ").slice(0, 16)} UTC</time>
                </td>
                <td>{e.actor.name}</td>
                <td>{e.label}</td>
                <td>
                  {e.paragraphNumber !== null ? <>Paragraph {e.paragraphNumber}</> : null}
                  {e.commentAuthor ? <>, a comment by {e.commentAuthor.name}</> : null}
                  {e.excerpt ? <q className="audit-excerpt">{e.excerpt}</q> : e.commentId ? <span className="muted"> (deleted)</span> : null}
                </td>
                <td>{e.reason ?? <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {more ? (
        <p>
          <Link href={`/seminars/${id}/audit?before=${entries[entries.length - 1].id}`}>Older entries</Link>
        </p>
      ) : null}
    </div>
  );
}
