import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { SignUpForm } from "@/app/_components/auth-forms";

export const metadata: Metadata = { title: "Create an account" };

type Props = { searchParams: Promise<{ next?: string }> };

export default async function SignUpPage({ searchParams }: Props) {
  const { next } = await searchParams;
  const safe = next?.startsWith("/") && !next.startsWith("//") ? next : undefined;
  if (await currentActor()) redirect(safe ?? "/seminars");
  return (
    <div className="page narrow">
      <h1 className="page-title">Create an account</h1>
      <p className="lede">{safe?.startsWith("/join/") ? "Create an account to join the seminar you were invited to." : "Instructors open seminars; students join them with an invite link."}</p>
      <SignUpForm next={safe} />
    </div>
  );
}
