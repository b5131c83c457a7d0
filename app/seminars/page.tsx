import type { Metadata } from "next";
import Link from "next/link";
import { listMySeminars } from "@/lib/domain/seminars/service";
import { pageOrigin, requirePageActor } from "@/lib/pages/guards";
import { SeminarList } from "@/app/_components/seminar-list";

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
        <SeminarList seminars={seminars} label="Seminars" />
      )}
    </div>
  );
}
