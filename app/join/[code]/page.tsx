import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { currentActor } from "@/lib/auth/session";
import { getSeminar, previewInvite } from "@/lib/domain/seminars/service";
import { pageOrigin } from "@/lib/pages/guards";
import { JoinButton } from "./join-button";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Join a seminar" };

type Props = { params: Promise<{ code: string }> };

export default async function JoinPage({ params }: Props) {
  const { code } = await params;
  // Codes that do not work count against the visitor's address: this page must not be a way to guess them.
  const invite = await previewInvite(code, { ip: clientIp(await headers()) }).catch((err: unknown) => {
    if (err instanceof AppError && err.code === "RATE_LIMITED") return err;
    throw err;
  });
  if (invite instanceof AppError) {
    return (
      <div className="page narrow message-page">
        <h1 className="page-title">Too many invite links tried</h1>
        <p role="alert">{invite.message}</p>
      </div>
    );
  }
  if (!invite) {
    return (
      <div className="page narrow message-page">
        <h1 className="page-title">This invite link does not work</h1>
        <p>It may have been replaced by a newer one. Ask your instructor for the current link.</p>
      </div>
    );
  }
  const actor = await currentActor();
  if (actor) {
    const already = await getSeminar(actor, invite.seminarId, await pageOrigin()).catch(() => null);
    if (already) redirect(`/seminars/${invite.seminarId}`);
  }
  const here = `/join/${encodeURIComponent(code)}`;
  return (
    <div className="page narrow">
      <p className="kicker">You are invited to a seminar</p>
      <h1 className="page-title">{invite.title}</h1>
      <p className="lede">
        Reading: <em>{invite.readingTitle}</em>
        {invite.state === "closed" ? " · This seminar is closed: you can read along, but not write." : null}
      </p>
      {actor ? (
        <JoinButton code={code} />
      ) : (
        <div className="button-row">
          <Link className="button" href={`/signup?next=${encodeURIComponent(here)}`}>
            Create an account to join
          </Link>
          <Link className="button button-secondary" href={`/signin?next=${encodeURIComponent(here)}`}>
            I have an account
          </Link>
        </div>
      )}
    </div>
  );
}
