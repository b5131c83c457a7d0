import type { Metadata } from "next";
import Link from "next/link";
import { listReadings } from "@/lib/domain/readings/service";
import { requirePageActor } from "@/lib/pages/guards";
import { NewSeminarForm } from "./new-seminar-form";

export const metadata: Metadata = { title: "New seminar" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ reading?: string }> };

export default async function NewSeminarPage({ searchParams }: Props) {
  const actor = await requirePageActor("/seminars/new");
  const readings = await listReadings(actor);
  const { reading } = await searchParams;
  return (
    <div className="page narrow">
      <h1 className="page-title">New seminar</h1>
      <p className="lede">
        You will be its instructor. Students join with the invite link you get next. Need another text?{" "}
        <Link href="/readings/new">Import a reading</Link>.
      </p>
      <NewSeminarForm readings={readings.map((r) => ({ id: r.id, label: `${r.title}${r.author ? ` — ${r.author}` : ""}` }))} initialReadingId={reading} />
    </div>
  );
}
