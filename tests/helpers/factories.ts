// Test data, made through the same services the routes call, so every test builds its own world.
import { randomUUID } from "node:crypto";
import { decode, encode } from "@auth/core/jwt";
import { db } from "@/lib/db/client";
import { createSession } from "@/lib/domain/sessions/service";
import type { Actor } from "@/lib/auth/actor";
import { SESSION_COOKIE } from "@/lib/auth/session";
import { ensureSampleReading, getReading, SAMPLE_READING } from "@/lib/domain/readings/service";
import type { CreateSeminarInput } from "@/lib/domain/seminars/schema";
import { createSeminar, getSeminar, joinSeminar } from "@/lib/domain/seminars/service";
import { createToken } from "@/lib/domain/tokens/service";
import type { SignUpInput } from "@/lib/domain/users/schema";
import { signUp, type AccountView } from "@/lib/domain/users/service";
import type { SeminarView } from "@/lib/domain/seminars/present";
import { getReadingById } from "@/lib/domain/readings/service";
import { addComment, createThread } from "@/lib/domain/threads/service";
import type { CreateThreadInput } from "@/lib/domain/threads/schema";
import type { CommentView, ThreadView } from "@/lib/domain/threads/present";

export const ORIGIN = "http://localhost:3000";

/** Unique per call and per run, so tests never collide on the unique email. */
export function uniqueEmail(tag = "user"): string {
  return `${tag}-${randomUUID().slice(0, 12)}@example.org`.toLowerCase();
}

export interface BuiltUser {
  user: AccountView;
  password: string;
  /** The user as a signed-in session sees them. */
  actor: Actor;
}

export async function buildUser(overrides: Partial<SignUpInput> = {}): Promise<BuiltUser> {
  const password = overrides.password ?? `pw-${randomUUID()}`;
  const user = await signUp({
    email: overrides.email ?? uniqueEmail(),
    name: overrides.name ?? `Person ${randomUUID().slice(0, 8)}`,
    password,
  });
  return { user, password, actor: actorOf(user) };
}

export function actorOf(user: Pick<AccountView, "id" | "email" | "name">): Actor {
  return { id: user.id, email: user.email, name: user.name, via: "session" };
}

type Who = string | { id: string; name?: string; email?: string };

/**
 * The JWT Auth.js would have set after a sign-in, with a fresh session row as the sign-in makes
 * (none for an id that is not a user: such a cookie is refused, as it would be for real).
 */
export async function sessionJwt(who: Who, secret = process.env.AUTH_SECRET!, userAgent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"): Promise<string> {
  const u = typeof who === "string" ? { id: who } : who;
  const exists = await db().user.count({ where: { id: u.id } });
  const sid = exists ? await createSession(u.id, userAgent) : `no-session-${randomUUID()}`;
  return encode({ token: { sub: u.id, name: u.name, email: u.email, sid }, secret, salt: SESSION_COOKIE });
}

/** The session id inside a cookie made by sessionCookie(). */
export async function sessionIdOf(cookie: string, secret = process.env.AUTH_SECRET!): Promise<string> {
  const jwt = await decode({ token: cookie.slice(cookie.indexOf("=") + 1), secret, salt: SESSION_COOKIE });
  if (typeof jwt?.sid !== "string") throw new Error("the cookie carries no session id");
  return jwt.sid;
}

/** A real Auth.js session cookie for `who`, as the value of a Cookie header. */
export async function sessionCookie(who: Who, secret?: string): Promise<string> {
  return `${SESSION_COOKIE}=${await sessionJwt(who, secret)}`;
}

/** A fresh personal API token (the secret string, `col_…`) and its id. */
export async function buildToken(actor: Actor, name = "test token"): Promise<{ id: string; token: string }> {
  const t = await createToken(actor, { name });
  return { id: t.id, token: t.token };
}

let sampleId: string | undefined;
export async function sampleReadingId(): Promise<string> {
  if (!sampleId) {
    await ensureSampleReading();
    sampleId = (await getReading(SAMPLE_READING.slug)).id;
  }
  return sampleId;
}

export async function buildSeminar(instructor: Actor, overrides: Partial<CreateSeminarInput> = {}): Promise<SeminarView & { joinCode: string }> {
  const readingId = overrides.readingId ?? (await sampleReadingId());
  const s = await createSeminar(instructor, { title: `Seminar ${randomUUID().slice(0, 8)}`, ...overrides, readingId }, ORIGIN);
  if (!s.joinCode) throw new Error("an instructor's view of a new seminar has no joinCode");
  return s as SeminarView & { joinCode: string };
}

export function joinAs(actor: Actor, seminar: { joinCode: string }) {
  return joinSeminar(actor, { code: seminar.joinCode });
}

// ── discussions (threads and comments) ─────────────────────────────────────────────────────

export interface ParagraphRef {
  id: string;
  /** 1-based, as shown in the margin. */
  number: number;
  text: string;
}

/** A reading's paragraphs in order (the sample reading's unless `readingId` is given). */
export async function paragraphsOf(readingId?: string, actor: Actor | null = null): Promise<ParagraphRef[]> {
  const r = await getReadingById(readingId ?? (await sampleReadingId()), actor);
  return r.paragraphs.map((p) => ({ id: p.id, number: p.number, text: p.text }));
}

/** The paragraphs of a seminar's reading, as `actor` (a member) sees them. */
export async function seminarParagraphs(actor: Actor, seminarId: string): Promise<ParagraphRef[]> {
  const s = await getSeminar(actor, seminarId, ORIGIN);
  return paragraphsOf(s.reading.id, actor);
}

/** A thread (with its opening comment) made through the threads service, on the reading's first paragraph unless told. */
export async function buildThread(actor: Actor, seminarId: string, overrides: Partial<CreateThreadInput> = {}): Promise<ThreadView> {
  const paragraphId = overrides.paragraphId ?? (await seminarParagraphs(actor, seminarId))[0].id;
  const { thread } = await createThread(actor, seminarId, { body: `Opening ${randomUUID().slice(0, 8)}`, ...overrides, paragraphId });
  return thread;
}

/** A reply made through the threads service. */
export async function buildComment(actor: Actor, threadId: string, body = `Reply ${randomUUID().slice(0, 8)}`): Promise<CommentView> {
  return (await addComment(actor, threadId, { body })).comment;
}

/** A seminar on the sample reading with a fresh instructor and one fresh student per name. */
export async function buildClass(studentNames: string[] = ["Student"], overrides: Partial<CreateSeminarInput> = {}) {
  const tag = () => randomUUID().slice(0, 6);
  const instructor = await buildUser({ name: `Teacher ${tag()}` });
  const seminar = await buildSeminar(instructor.actor, overrides);
  const students: BuiltUser[] = [];
  for (const first of studentNames) {
    const st = await buildUser({ name: `${first} ${tag()}`, email: uniqueEmail(first.toLowerCase().replace(/[^a-z0-9]+/g, "")) });
    await joinAs(st.actor, seminar);
    students.push(st);
  }
  return { instructor, seminar, students };
}
