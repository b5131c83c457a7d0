// Guards for server-rendered pages: who is asking, and what they may see. A page under a seminar
// calls seminarForPage(); anonymous visitors go to sign-in (and come back), non-members get 404,
// students on instructor pages get 403.
import "server-only";
import { headers } from "next/headers";
import { forbidden, notFound, redirect } from "next/navigation";
import { AppError } from "@/lib/errors";
import { currentActor } from "@/lib/auth/session";
import { getSeminar } from "@/lib/domain/seminars/service";
import type { Actor } from "@/lib/auth/actor";

export async function pageOrigin(): Promise<string> {
  if (process.env.AUTH_URL) return new URL(process.env.AUTH_URL).origin;
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  return `${h.get("x-forwarded-proto") ?? "http"}://${host}`;
}

export async function requirePageActor(returnTo: string): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect(`/signin?next=${encodeURIComponent(returnTo)}`);
  return actor;
}

export async function seminarForPage(seminarId: string, returnTo: string, opts: { instructor?: boolean } = {}) {
  const actor = await requirePageActor(returnTo);
  try {
    const seminar = await getSeminar(actor, seminarId, await pageOrigin());
    if (opts.instructor && seminar.role !== "instructor") forbidden();
    return { actor, seminar };
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_FOUND") notFound();
    throw err;
  }
}
