import Link from "next/link";
import { currentActor } from "@/lib/auth/session";
import { listReadings } from "@/lib/domain/readings/service";
import { listMySeminars } from "@/lib/domain/seminars/service";
import { pageOrigin } from "@/lib/pages/guards";
import { SeminarList } from "@/app/_components/seminar-list";

export const dynamic = "force-dynamic";

// The first page a new visitor or a newly invited student sees: what Colloquy is and how a
// seminar comes about, then (signed in) their seminars, then the readings.
export default async function HomePage() {
  const actor = await currentActor();
  const [readings, seminars] = await Promise.all([listReadings(actor), actor ? listMySeminars(actor, await pageOrigin()) : null]);
  return (
    <div className="page home">
      <h1 className="page-title">Colloquy is a reading room for seminars</h1>
      <p className="lede">
        A class reads one text together. Every paragraph is numbered and linkable, and beside each one is a margin where students and instructors discuss it, live.
      </p>

      {!actor || seminars?.length === 0 ? (
        <section className="card how-it-works" aria-labelledby="how-heading">
          <h2 id="how-heading">How it works</h2>
          <ol>
            <li>An instructor opens a seminar on a reading and shares its invite link with the class.</li>
            <li>Students open the invite link, create an account (or sign in) and are in the seminar.</li>
            <li>Everyone comments on a paragraph, or on a passage selected in it, and replies to each other; new comments appear for everyone as they are written.</li>
          </ol>
          {!actor ? (
            <p className="button-row">
              <Link href="/signup" className="button">
                Create an account
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}

      {seminars ? (
        <section className="home-seminars" aria-labelledby="seminars-heading">
          <h2 id="seminars-heading">Your seminars</h2>
          {seminars.length === 0 ? (
            <div className="empty-state">
              <p>You are not in any seminar yet.</p>
              <p className="hint">
                Students: open the invite link your instructor sent you. Instructors: <Link href="/seminars/new">Open a seminar</Link> on one of the readings below, or{" "}
                <Link href="/readings/new">import a reading</Link> first.
              </p>
            </div>
          ) : (
            <SeminarList seminars={seminars} label="Your seminars" />
          )}
        </section>
      ) : null}

      <section aria-labelledby="readings-heading">
        <h2 id="readings-heading">Readings</h2>
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
      </section>
    </div>
  );
}
