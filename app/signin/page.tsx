import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { signInMessage } from "@/lib/auth/messages";
import { SignInForm } from "@/app/_components/auth-forms";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<{ next?: string; error?: string; code?: string }> };

export default async function SignInPage({ searchParams }: Props) {
  const { next, error, code } = await searchParams;
  const safe = next?.startsWith("/") && !next.startsWith("//") ? next : undefined;
  if (await currentActor()) redirect(safe ?? "/seminars");
  return (
    <div className="page narrow">
      <h1 className="page-title">Sign in</h1>
      {safe?.startsWith("/join/") ? <p className="lede">Sign in to join the seminar you were invited to.</p> : null}
      <SignInForm next={safe} initialError={error ? signInMessage(code) : undefined} />
    </div>
  );
}
