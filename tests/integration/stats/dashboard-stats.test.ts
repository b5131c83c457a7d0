// The dashboard's figures (GET /api/v1/seminars/:id/stats) on a fixed seminar, checked against
// counts computed here, independently, in plain JavaScript over the rows (prisma findMany), not
// with the service's SQL. The seminar has: several members (one who only reacts, one who never
// does anything), threads on several paragraphs, replies, a deleted comment, a deleted opening
// comment, a hidden comment, reactions (one to one's own comment), a resolved question, a prompt
// with student replies, questions with and without other people's replies, and open and handled
// reports. Comments are spread over three hours (their timestamps set back in the rows).
import { beforeAll, describe, expect, it } from "vitest";
import * as statsRoute from "@/app/api/v1/seminars/[id]/stats/route";
import { db } from "@/lib/db/client";
import { resetWriteLimits } from "@/lib/domain/ratelimit";
import { addComment, createThread, deleteComment, setReaction, setResolved } from "@/lib/domain/threads/service";
import type { SeminarStats } from "@/lib/domain/stats/schema";
import { buildClass, buildToken, buildUser, seminarParagraphs, sessionCookie, type BuiltUser, type ParagraphRef } from "../../helpers/factories";
import { call, errorOf, type Auth } from "../../helpers/http";

let instructor: BuiltUser;
let ann: BuiltUser;
let ben: BuiltUser;
let cal: BuiltUser;
let dee: BuiltUser;
let seminarId: string;
let paragraphs: ParagraphRef[];
const ids: Record<string, string> = {};

async function stats(who: BuiltUser | Auth, id = seminarId) {
  const auth: Auth = who && "user" in who ? { cookie: await sessionCookie(who.user) } : (who as Auth);
  return call(statsRoute.GET, { url: `/api/v1/seminars/${id}/stats`, params: { id }, auth });
}

async function thread(who: BuiltUser, paragraph: number, body: string) {
  await resetWriteLimits();
  const { thread } = await createThread(who.actor, seminarId, { paragraphId: paragraphs[paragraph - 1].id, body });
  return thread;
}
async function reply(who: BuiltUser, threadId: string, body: string) {
  await resetWriteLimits();
  return (await addComment(who.actor, threadId, { body })).comment;
}

beforeAll(async () => {
  const cls = await buildClass(["Ann", "Ben", "Cal", "Dee"]);
  instructor = cls.instructor;
  [ann, ben, cal, dee] = cls.students;
  seminarId = cls.seminar.id;
  paragraphs = await seminarParagraphs(instructor.actor, seminarId);

  // Paragraph 1: Ann asks; only she adds to it (her own follow-up has stray newlines: words).
  const t1 = await thread(ann, 1, "What does Deutscher mean by a *state within the state*?");
  ids.t1 = t1.id;
  await reply(ann, t1.id, "\n  I think he means the army's own economy and command.  \n");

  // Paragraph 1: Ben's remark; Ann replies, Ben replies and deletes it; Ann's second reply is hidden.
  const t2 = await thread(ben, 1, "The Far Eastern Army is the key to the whole argument.");
  ids.t2 = t2.id;
  const annReply = await reply(ann, t2.id, "Agreed, and the railway matters just as much.");
  const benDeleted = await reply(ben, t2.id, "Oops, wrong thread.");
  await resetWriteLimits();
  await setReaction(ann.actor, benDeleted.id, "agree", true); // gone with the comment
  await deleteComment(ben.actor, benDeleted.id);
  const hidden = await reply(ann, t2.id, "Something an instructor will hide.");
  // Hidden by an instructor (the moderation helper's API is not merged yet: set the row).
  await db().comment.update({ where: { id: hidden.id }, data: { hiddenAt: new Date(), hiddenById: instructor.user.id } });
  await resetWriteLimits();
  await setReaction(ann.actor, t2.comments[0].id, "agree", true);
  await setReaction(ben.actor, t2.comments[0].id, "insight", true); // Ben reacts to his own comment
  await setReaction(instructor.actor, annReply.id, "question", true);
  await setReaction(dee.actor, annReply.id, "agree", true); // Dee only ever reacts

  // Paragraph 3: Ann's remark, flagged as a question by Dee; Ben's only answer is hidden.
  const t3 = await thread(ann, 3, "The author seems very sure of Stalin's motives.");
  ids.t3 = t3.id;
  await resetWriteLimits();
  await setReaction(dee.actor, t3.comments[0].id, "question", true);
  const hiddenAnswer = await reply(ben, t3.id, "He quotes nobody for it.");
  await db().comment.update({ where: { id: hiddenAnswer.id }, data: { hiddenAt: new Date(), hiddenById: instructor.user.id } });

  // Paragraph 4: Ben asks; the instructor answers (not open).
  const t4 = await thread(ben, 4, "Why thirty divisions? Where does the figure come from?");
  ids.t4 = t4.id;
  await reply(instructor, t4.id, "Look at the footnote in the *Reporter* edition.");

  // Paragraph 5: Ben asks and resolves it himself (not open).
  const t5 = await thread(ben, 5, "Is this a fair reading of Mao?");
  ids.t5 = t5.id;
  await resetWriteLimits();
  await setResolved(ben.actor, t5.id, { resolved: true });

  // Paragraph 6: Cal asks, then deletes his opening comment (paragraph 6 stays silent).
  const t6 = await thread(cal, 6, "Is anyone else lost here?");
  ids.t6 = t6.id;
  await resetWriteLimits();
  await deleteComment(cal.actor, t6.comments[0].id);

  // Paragraph 7: a prompt by the instructor.
  const { thread: prompt } = await createThread(instructor.actor, seminarId, {
    paragraphId: paragraphs[6].id,
    kind: "prompt",
    body: "**Prompt:** what, in your own words, is Stalin's stake in Mao's army?",
  });
  ids.prompt = prompt.id;
  await reply(ann, prompt.id, "A buffer against Japan and America.");
  await reply(ann, prompt.id, "And leverage over Mao himself.");
  await reply(ben, prompt.id, "Control of Manchuria's industry.");
  await reply(instructor, prompt.id, "Good: keep going.");
  const calGone = await reply(cal, prompt.id, "Not sure.");
  await resetWriteLimits();
  await deleteComment(cal.actor, calGone.id);

  // Reports: one open, one handled (the reports API is the moderation helper's: rows).
  await db().report.create({ data: { seminarId, commentId: annReply.id, reporterId: ben.user.id, reason: "off topic" } });
  await db().report.create({ data: { seminarId, commentId: t4.comments[0].id, reporterId: ann.user.id, reason: "spam", handledAt: new Date(), handledById: instructor.user.id } });

  // Spread the comments over three hours, keeping their order: 11 minutes apart, from 09:02.
  const all = await db().comment.findMany({ where: { thread: { seminarId } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const start = Date.UTC(2026, 10, 23, 9, 2);
  for (const [i, c] of all.entries()) await db().comment.update({ where: { id: c.id }, data: { createdAt: new Date(start + i * 11 * 60_000) } });
});

// ── the independent count ─────────────────────────────────────────────────────────────────

async function expected() {
  const s = await db().seminar.findUniqueOrThrow({ where: { id: seminarId } });
  const members = await db().membership.findMany({ where: { seminarId }, include: { user: true } });
  const paras = await db().paragraph.findMany({ where: { readingId: s.readingId } });
  const threads = await db().thread.findMany({ where: { seminarId } });
  const comments = await db().comment.findMany({ where: { thread: { seminarId } } });
  const reactions = await db().reaction.findMany({ where: { comment: { thread: { seminarId } } } });
  const reports = await db().report.findMany({ where: { seminarId } });

  const byTime = (a: { createdAt: Date; id: string }, b: { createdAt: Date; id: string }) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const opener = new Map<string, (typeof comments)[number]>();
  for (const t of threads) opener.set(t.id, comments.filter((c) => c.threadId === t.id).sort(byTime)[0]);
  const isOpener = (c: (typeof comments)[number]) => opener.get(c.threadId)?.id === c.id;
  const live = comments.filter((c) => c.deletedAt === null);
  const liveIds = new Set(live.map((c) => c.id));
  const threadOf = new Map(threads.map((t) => [t.id, t]));
  const students = new Set(members.filter((m) => m.role === "STUDENT").map((m) => m.userId));

  const participation = Object.fromEntries(
    members.map((m) => {
      const mine = live.filter((c) => c.authorId === m.userId);
      const given = reactions.filter((r) => r.userId === m.userId && liveIds.has(r.commentId));
      const mineIds = new Set(mine.map((c) => c.id));
      const times = [...mine.map((c) => c.createdAt.getTime()), ...given.map((r) => r.createdAt.getTime())];
      return [
        `m${m.pseudonym}`,
        {
          name: m.user.name,
          role: m.role === "INSTRUCTOR" ? "instructor" : "student",
          threadsStarted: mine.filter(isOpener).length,
          replies: mine.filter((c) => !isOpener(c)).length,
          words: mine.reduce((n, c) => n + (c.body.match(/\S+/g) ?? []).length, 0),
          reactionsGiven: given.length,
          reactionsReceived: reactions.filter((r) => mineIds.has(r.commentId) && r.userId !== m.userId).length,
          paragraphs: new Set(mine.map((c) => threadOf.get(c.threadId)!.paragraphId)).size,
          firstActive: times.length ? new Date(Math.min(...times)).toISOString() : null,
          lastActive: times.length ? new Date(Math.max(...times)).toISOString() : null,
        },
      ];
    }),
  );

  const paragraphs = paras
    .sort((a, b) => a.position - b.position)
    .map((p) => {
      const here = live.filter((c) => threadOf.get(c.threadId)!.paragraphId === p.id);
      return { number: p.position, threads: new Set(here.map((c) => c.threadId)).size, comments: here.length, silent: here.length === 0 };
    });

  const WEEK_ORIGIN = Date.UTC(1970, 0, 5);
  const fiveMin = new Map<number, number>();
  for (const c of live) {
    const b = WEEK_ORIGIN + Math.floor((c.createdAt.getTime() - WEEK_ORIGIN) / 300_000) * 300_000;
    fiveMin.set(b, (fiveMin.get(b) ?? 0) + 1);
  }

  const openQuestions = threads
    .filter((t) => {
      const o = opener.get(t.id);
      if (t.kind !== "DISCUSSION" || t.resolvedAt || !o || o.deletedAt || o.hiddenAt) return false;
      const asks = o.body.includes("?") || reactions.some((r) => r.commentId === o.id && r.kind === "QUESTION");
      const answered = comments.some((c) => c.threadId === t.id && c.authorId !== t.createdById && !c.deletedAt && !c.hiddenAt);
      return asks && !answered;
    })
    .sort(byTime)
    .map((t) => t.id);

  const prompts = threads
    .filter((t) => t.kind === "PROMPT")
    .sort(byTime)
    .map((t) => {
      const replies = live.filter((c) => c.threadId === t.id && !isOpener(c) && !!c.authorId && students.has(c.authorId));
      return { threadId: t.id, studentsReplied: new Set(replies.map((c) => c.authorId)).size, students: students.size, replies: replies.length };
    });

  return { participation, paragraphs, fiveMin, live, openQuestions, prompts, openReports: reports.filter((r) => !r.handledAt).length, members, seq: s.lastSeq };
}

describe("GET /api/v1/seminars/:id/stats on a fixed seminar", () => {
  let got: SeminarStats;
  let want: Awaited<ReturnType<typeof expected>>;
  beforeAll(async () => {
    const r = await stats(instructor);
    expect(r.status, r.text).toBe(200);
    got = r.body as SeminarStats;
    want = await expected();
  });

  it("participation: every member, every figure", () => {
    const rows = Object.fromEntries(got.participation.map(({ key, userId: _u, ...rest }) => [key, rest]));
    expect(rows).toEqual(want.participation);
    expect(got.participation).toHaveLength(5);
    // and the figures that the story above fixes, so the two counts cannot agree on nonsense
    const byName = (b: BuiltUser) => got.participation.find((p) => p.userId === b.user.id)!;
    expect(byName(ann)).toMatchObject({ threadsStarted: 2, replies: 5, reactionsGiven: 1, reactionsReceived: 3, paragraphs: 3 });
    expect(byName(ann).words).toBe(10 + 10 + 8 + 5 + 8 + 6 + 5); // the hidden one counts, the leading newline does not
    expect(byName(ben)).toMatchObject({ threadsStarted: 3, replies: 2, reactionsGiven: 1, reactionsReceived: 1 });
    expect(byName(cal)).toMatchObject({ threadsStarted: 0, replies: 0, words: 0, reactionsGiven: 0, firstActive: null, lastActive: null });
    expect(byName(dee)).toMatchObject({ threadsStarted: 0, replies: 0, reactionsGiven: 2, paragraphs: 0 });
    expect(got.participation[0]).toMatchObject({ role: "instructor", name: instructor.user.name, key: "m0" });
  });

  it("paragraphs: every paragraph of the reading, with its threads and comments, silent ones marked", () => {
    expect(got.paragraphs.map(({ paragraphId: _p, ...rest }) => rest)).toEqual(want.paragraphs);
    expect(got.paragraphs.map((p) => p.paragraphId)).toEqual(paragraphs.map((p) => p.id));
    expect(got.paragraphs.filter((p) => !p.silent).map((p) => p.number)).toEqual([1, 3, 4, 5, 7]);
    expect(got.paragraphs[0]).toMatchObject({ threads: 2, comments: 5 });
    expect(got.totals).toEqual({
      members: 5,
      students: 4,
      threads: want.paragraphs.reduce((n, p) => n + p.threads, 0),
      comments: want.live.length,
      paragraphs: paragraphs.length,
      silentParagraphs: want.paragraphs.filter((p) => p.silent).length,
    });
  });

  it("activity: comments per interval, from the first to the last, in an interval that gives 10-40 buckets", () => {
    const a = got.activity;
    // 17 comments 11 minutes apart (three hours): five-minute buckets, 36 of them
    expect(a.interval).toBe("5 min");
    expect(a.intervalSeconds).toBe(300);
    expect(a.buckets.length).toBeGreaterThanOrEqual(10);
    expect(a.buckets.length).toBeLessThanOrEqual(40);
    const nonzero = new Map(a.buckets.filter((b) => b.comments > 0).map((b) => [new Date(b.start).getTime(), b.comments]));
    expect(nonzero).toEqual(want.fiveMin);
    const starts = a.buckets.map((b) => new Date(b.start).getTime());
    expect(starts[0]).toBe(Math.min(...want.fiveMin.keys()));
    expect(starts.at(-1)).toBe(Math.max(...want.fiveMin.keys()));
    starts.forEach((t, i) => i && expect(t - starts[i - 1]).toBe(300_000));
    expect(a.buckets.reduce((n, b) => n + b.comments, 0)).toBe(want.live.length);
  });

  it("open questions: asked or flagged, unanswered by anyone else, oldest first", () => {
    expect(got.openQuestions.map((q) => q.threadId)).toEqual(want.openQuestions);
    expect(got.openQuestions.map((q) => q.threadId)).toEqual([ids.t1, ids.t3]);
    expect(got.openQuestions[0]).toMatchObject({ paragraphNumber: 1, flagged: false, askedBy: { name: ann.user.name }, excerpt: "What does Deutscher mean by a state within the state?" });
    expect(got.openQuestions[1]).toMatchObject({ paragraphNumber: 3, flagged: true });
  });

  it("prompts: distinct students who replied", () => {
    expect(got.prompts.map(({ threadId, studentsReplied, students, replies }) => ({ threadId, studentsReplied, students, replies }))).toEqual(want.prompts);
    expect(got.prompts).toEqual([expect.objectContaining({ threadId: ids.prompt, paragraphNumber: 7, studentsReplied: 2, students: 4, replies: 3 })]);
    expect(got.prompts[0].excerpt).toBe("Prompt: what, in your own words, is Stalin's stake in Mao's army?");
  });

  it("open reports and the seq", () => {
    expect(got.openReports).toBe(want.openReports);
    expect(got.openReports).toBe(1);
    expect(got.seq).toBe(want.seq);
  });
});

describe("who may read the stats", () => {
  it("a student gets 403, a non-member 404, anonymous 401", async () => {
    const s = await stats(ann);
    expect(s.status).toBe(403);
    expect(errorOf(s).code).toBe("FORBIDDEN");
    const outsider = await buildUser({ name: "Outsider" });
    const o = await stats(outsider);
    expect(o.status).toBe(404);
    expect(errorOf(o).code).toBe("NOT_FOUND");
    expect((await stats(undefined)).status).toBe(401);
  });

  it("an instructor's API token works like the session", async () => {
    const { token } = await buildToken(instructor.actor, "dashboard script");
    const r = await stats({ token });
    expect(r.status, r.text).toBe(200);
    const viaCookie = (await stats(instructor)).body as SeminarStats;
    const viaToken = r.body as SeminarStats;
    expect({ ...viaToken, generatedAt: "" }).toEqual({ ...viaCookie, generatedAt: "" });
  });

  it("a seminar with no discussion has zeros, silent paragraphs and no buckets", async () => {
    const cls = await buildClass(["Eve"]);
    const r = await stats(cls.instructor, cls.seminar.id);
    expect(r.status, r.text).toBe(200);
    const s = r.body as SeminarStats;
    expect(s.paragraphs.every((p) => p.silent && p.threads === 0 && p.comments === 0)).toBe(true);
    expect(s.activity.buckets).toEqual([]);
    expect(s.openQuestions).toEqual([]);
    expect(s.prompts).toEqual([]);
    expect(s.participation.map((p) => [p.role, p.threadsStarted + p.replies + p.words + p.reactionsGiven])).toEqual([
      ["instructor", 0],
      ["student", 0],
    ]);
  });
});
