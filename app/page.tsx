import Link from "next/link";
import { currentActor } from "@/lib/auth/session";
import { listReadings } from "@/lib/domain/readings/service";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const actor = await currentActor();
  const readings = await listReadings(actor);
  return (
    <div className="page home">
      <h1 className="page-title">Readings</h1>
      <p className="lede">
        Pick a text to read. Every paragraph is numbered and can be linked to, so a discussion can point at it.
        {actor ? (
          <>
            {" "}
            <Link href="/seminars/new">Open a seminar</Link> on one, or <Link href="/readings/new">import a reading</Link>.
          </>
        ) : (
          <>
            {" "}
            <Link href="/signup">Create an account</Link> to open a seminar on one.
          </>
        )}
      </p>
      {readings.length === 0 ? (
        <div className="empty-state" role="status">
          <p>No readings yet.</p>
          <p className="hint">The sample reading is imported when the server starts; restart it if this list stays empty.</p>
        </div>
      ) : (
        <ul className="reading-list" aria-label="Readings">
          {readings.map((r) => (
            <li key={r.id} className="reading-card">
              <Link href={`/readings/${r.slug}`} className="reading-card-link">
                <span className="reading-card-title">{r.title}</span>
              </Link>
              <span className="reading-card-meta">
                {[r.author, r.year].filter(Boolean).join(", ")}
                {r.source ? <> · {r.source}</> : null}
              </span>
              <span className="reading-card-count">{r.paragraphCount} paragraphs</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
