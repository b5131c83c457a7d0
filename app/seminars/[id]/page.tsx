import type { Metadata } from "next";
import Link from "next/link";
import { getReadingById } from "@/lib/domain/readings/service";
import { listMembers } from "@/lib/domain/seminars/service";
import { listThreads } from "@/lib/domain/threads/service";
import { openReportsFor } from "@/lib/domain/moderation/service";
import { seminarForPage } from "@/lib/pages/guards";
import { ReadingHeader } from "@/app/_components/reading-text";
import { DiscussionRoom } from "./room/discussion-room";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Seminar" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ author?: string | string[] }> };

export default async function SeminarRoomPage({ params, searchParams }: Props) {
  const { id } = await params;
  const query = await searchParams;
  const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : null);
  const { actor, seminar } = await seminarForPage(id, `/seminars/${id}`);
  const [reading, members, discussion, openReports] = await Promise.all([
    getReadingById(seminar.reading.id, actor),
    listMembers(actor, id),
    listThreads(actor, id),
    openReportsFor(actor, id),
  ]);
  return (
    <DiscussionRoom
      seminar={seminar}
      members={members}
      paragraphs={reading.paragraphs}
      initial={discussion}
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
