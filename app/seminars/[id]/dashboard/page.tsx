import type { Metadata } from "next";
import Link from "next/link";
import { getReadingById } from "@/lib/domain/readings/service";
import { seminarStats } from "@/lib/domain/stats/service";
import { seminarForPage } from "@/lib/pages/guards";
import { LiveDashboard } from "./live-dashboard";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Dashboard" };

type Props = { params: Promise<{ id: string }> };

/** The instructors' view of a seminar: who takes part, where the discussion is, what is waiting. */
export default async function SeminarDashboardPage({ params }: Props) {
  const { id } = await params;
  const { actor, seminar } = await seminarForPage(id, `/seminars/${id}/dashboard`, { instructor: true });
  const [stats, reading] = await Promise.all([seminarStats(actor, id), getReadingById(seminar.reading.id, actor)]);
  const firstWords = Object.fromEntries(reading.paragraphs.map((p) => [p.number, (p.heading ? `${p.heading}. ` : "") + p.text.split(/\s+/).slice(0, 10).join(" ")]));
  return (
    <div className="page page-wide dashboard">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link href="/seminars">My seminars</Link> / <Link href={`/seminars/${id}`}>{seminar.title}</Link> / <span>Dashboard</span>
      </nav>
      <div className="page-head">
        <div>
          <p className="kicker">Dashboard</p>
          <h1 className="page-title">{seminar.title}</h1>
          <p className="muted dashboard-reading">
            {reading.title}
            {reading.author ? ` · ${reading.author}` : ""}
            {reading.year ? ` (${reading.year})` : ""}
          </p>
        </div>
        <div className="button-row">
          <Link href={`/seminars/${id}`} className="button button-secondary">
            Open the room
          </Link>
          <Link href={`/seminars/${id}/settings`} className="button button-secondary">
            Settings &amp; members
          </Link>
        </div>
      </div>
      <LiveDashboard seminarId={id} initial={stats} firstWords={firstWords} />
    </div>
  );
}
