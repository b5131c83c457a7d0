import type { Metadata } from "next";
import Link from "next/link";
import { listMembers } from "@/lib/domain/seminars/service";
import { seminarForPage } from "@/lib/pages/guards";
import { SettingsPanel } from "./settings-panel";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Seminar settings" };

type Props = { params: Promise<{ id: string }> };

export default async function SeminarSettingsPage({ params }: Props) {
  const { id } = await params;
  const { actor, seminar } = await seminarForPage(id, `/seminars/${id}/settings`, { instructor: true });
  const members = await listMembers(actor, id);
  return (
    <div className="page">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link href="/seminars">My seminars</Link> / <Link href={`/seminars/${id}`}>{seminar.title}</Link>
      </nav>
      <h1 className="page-title">Settings &amp; members</h1>
      <SettingsPanel seminar={seminar} members={members} />
    </div>
  );
}
