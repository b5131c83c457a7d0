import Link from "next/link";
import type { listMySeminars } from "@/lib/domain/seminars/service";

type MySeminar = Awaited<ReturnType<typeof listMySeminars>>[number];

/** A person's seminars as cards (title, reading, role, state, size): My seminars and the home page. */
export function SeminarList({ seminars, label }: { seminars: MySeminar[]; label: string }) {
  return (
    <ul className="seminar-list" aria-label={label}>
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
  );
}
