import type { Metadata } from "next";
import Link from "next/link";
import { getReadingById } from "@/lib/domain/readings/service";
import { listMembers } from "@/lib/domain/seminars/service";
import { seminarForPage } from "@/lib/pages/guards";
import { ReadingText } from "@/app/_components/reading-text";
import { RoomBar } from "./room-bar";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Seminar" };

type Props = { params: Promise<{ id: string }> };

export default async function SeminarRoomPage({ params }: Props) {
  const { id } = await params;
  const { actor, seminar } = await seminarForPage(id, `/seminars/${id}`);
  const [reading, members] = await Promise.all([getReadingById(seminar.reading.id, actor), listMembers(actor, id)]);
  return (
    <ReadingText
      reading={reading}
      breadcrumb={
        <>
          <Link href="/seminars">My seminars</Link> / <span>{seminar.title}</span>
        </>
      }
      aside={<RoomBar seminar={seminar} members={members} />}
    />
  );
}
