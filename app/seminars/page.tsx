import type { Metadata } from "next";
import Link from "next/link";
import { listMySeminars } from "@/lib/domain/seminars/service";
import { pageOrigin, requirePageActor } from "@/lib/pages/guards";

export const metadata: Metadata = { title: "My seminars" };
export const dynamic = "force-dynamic";

export default async function MySeminarsPage() {
  const actor = await requirePageActor("/seminars");
  const seminars = await listMySeminars(actor, await pageOrigin());
  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">My seminars</h1>
        <Link href="/seminars/new" className="button">
          New seminar
        </Link>
      </div>
      {seminars.length === 0 ? (
        <div className="empty-state" role="status">
          <p>You are not in any seminar yet.</p>
          <p className="hint">
            Open one on a reading with <Link href="/seminars/new">New seminar</Link>, or follow an invite link from your instructor.
          </p>
        </div>
      ) : (
        <ul className="seminar-list" aria-label="Seminars">
          {seminars.map((s) => (
            <li key={s.id} className="seminar-card">
              <Link href={`/seminars/${s.id}`} className="seminar-card-link">
                {s.title}
              </Link>
              <span className="seminar-card-reading">{s.reading.title}</span>
              <span className="seminar-card-meta">
                <span className={`badge badge-${s.role}`}>{s.role === "instructor" ? "Instructor" : "Student"}</span>
                <span className={`badge badge-${s.state}`}>{s.state === "open" ? "Open" : "Closed"}</span>
                <span>
                  {s.memberCount} member{s.memberCount === 1 ? "" : "s"}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
