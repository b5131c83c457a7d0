import type { Metadata } from "next";
import Link from "next/link";
import { getReadingById } from "@/lib/domain/readings/service";
import { listMembers } from "@/lib/domain/seminars/service";
import { locateThread, roomSummary } from "@/lib/domain/threads/room";
import { openReportsFor } from "@/lib/domain/moderation/service";
import { seminarForPage } from "@/lib/pages/guards";
import { ReadingHeader } from "@/app/_components/reading-text";
import { DiscussionRoom } from "./room/discussion-room";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Seminar" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ author?: string | string[]; thread?: string | string[] }> };

export default async function SeminarRoomPage({ params, searchParams }: Props) {
  const { id } = await params;
  const query = await searchParams;
  const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : null);
  const { actor, seminar } = await seminarForPage(id, `/seminars/${id}`);
  const linked = one(query.thread);
  // The reading and a summary per paragraph, not every thread: a paragraph's threads load when
  // they are looked at (docs/architecture.md, "Room loading").
  const [reading, members, summary, openReports, linkedParagraph] = await Promise.all([
    getReadingById(seminar.reading.id, actor),
    listMembers(actor, id),
    roomSummary(actor, id, { author: one(query.author) }),
    openReportsFor(actor, id),
    linked ? locateThread(actor, id, linked) : null,
  ]);
  return (
    <DiscussionRoom
      seminar={seminar}
      members={members}
      paragraphs={reading.paragraphs}
      initial={summary}
      linkedParagraph={linkedParagraph}
      initialAuthor={one(query.author)}
      openReports={openReports}
      header={
        <ReadingHeader
          reading={reading}
          breadcrumb={
            <>
              <Link href="/seminars">My seminars</Link> / <span>{seminar.title}</span>
            </>
          }
        />
      }
    />
  );
}
