// The fixed seminar behind the export golden files: explicit ids and timestamps, written
// straight to the database so that every run produces byte-identical exports. It holds what
// the issue asks the goldens to cover: whole-paragraph and passage threads, replies, an edit,
// deletions (one followed by a reply, one not), reactions, a resolved thread, a prompt, a pinned
// thread, a locked one, an endorsed comment (and an endorsed one since deleted), a hidden
// comment (and a thread whose only comment is hidden), non-Latin text, a body with a comma,
// quotes and a newline, bodies starting with = + and -, a member's email and full name in a
// body, and a comment by someone who has since left the seminar.
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { renderMarkdown } from "@/lib/markdown/render";

const at = (hhmm: string) => new Date(`2026-03-02T${hhmm}:00.000Z`);

export const GOLDEN_NOW = new Date("2026-03-09T08:30:00.000Z");
export const GOLDEN_ORIGIN = "http://localhost:3000";
export const GOLDEN_SEMINAR = "sem_golden";

export const GOLDEN_PEOPLE = {
  ada: { id: "u_golden_ada", name: "Ada Lovelace", email: "ada.lovelace@golden.example.org", role: "INSTRUCTOR", pseudonym: 0 },
  ben: { id: "u_golden_ben", name: "Ben Okafor", email: "ben.okafor@golden.example.org", role: "STUDENT", pseudonym: 1 },
  chloe: { id: "u_golden_chloe", name: "Chloé Dubois", email: "chloe.dubois@golden.example.org", role: "STUDENT", pseudonym: 2 },
  dmitri: { id: "u_golden_dmitri", name: "Дмитрий Иванов", email: "dmitri@golden.example.org", role: "STUDENT", pseudonym: 3 },
  grace: { id: "u_golden_grace", name: "Grace Hopper", email: "grace.hopper@golden.example.org", role: "INSTRUCTOR", pseudonym: 4 },
  /** Wrote a comment, then left the seminar. */
  eve: { id: "u_golden_eve", name: "Eve Gone", email: "eve.gone@golden.example.org", role: null, pseudonym: 5 },
} as const;

export type GoldenPerson = keyof typeof GOLDEN_PEOPLE;
export const goldenActor = (who: GoldenPerson): Actor => {
  const p = GOLDEN_PEOPLE[who];
  return { id: p.id, email: p.email, name: p.name, via: "session" };
};

/** Every comment of the fixture, as written (the goldens show what each viewer may see of them). */
export const GOLDEN_COMMENTS = [
  { id: "c_golden_01", thread: "t_golden_a", author: "eve", at: "09:00", body: "An early remark before I left. Write to ada.lovelace@golden.example.org, or ask Ada Lovelace." },
  { id: "c_golden_02", thread: "t_golden_b", author: "ben", at: "10:00", edited: "10:05", body: "Is this about *method*? I think so, @ada.lovelace." },
  { id: "c_golden_03", thread: "t_golden_b", author: "chloe", at: "10:10", endorsed: "10:15", body: 'She wrote, "plainly", that manners matter,\nand then stopped.' },
  { id: "c_golden_04", thread: "t_golden_b", author: "ada", at: "10:20", body: "=SUM(A1:A2) is not an argument." },
  { id: "c_golden_05", thread: "t_golden_c", author: "chloe", at: "11:00", endorsed: "11:10", deleted: "11:30", body: "A remark I took back." },
  { id: "c_golden_06", thread: "t_golden_c", author: "dmitri", at: "11:05", body: "Согласен. 同意します。 As Ben Okafor said to @chloe.dubois: <b>yes</b>." },
  { id: "c_golden_07", thread: "t_golden_c", author: "ben", at: "11:10", hidden: "11:20", body: "A rude remark, hidden by an instructor." },
  { id: "c_golden_08", thread: "t_golden_d", author: "dmitri", at: "12:00", body: "- starts with a dash\n- and is a list" },
  { id: "c_golden_09", thread: "t_golden_d", author: "ben", at: "12:05", deleted: "12:06", body: "Deleted at the end, so it leaves no trace." },
  { id: "c_golden_10", thread: "t_golden_e", author: "ada", at: "13:00", body: "+What does *build-up* mean here? @student.1 @grace.hopper" },
  { id: "c_golden_11", thread: "t_golden_e", author: "grace", at: "13:30", body: "A [link](https://example.org/build-up) to a note." },
  { id: "c_golden_12", thread: "t_golden_f", author: "chloe", at: "14:00", hidden: "14:10", body: "A thread whose only comment is hidden." },
] as const;

/** Builds (or rebuilds) the fixed seminar. Safe to call twice: it removes its own rows first. */
export async function buildGoldenSeminar(): Promise<void> {
  const d = db();
  const people = Object.values(GOLDEN_PEOPLE);
  await d.seminar.deleteMany({ where: { id: GOLDEN_SEMINAR } });
  await d.reading.deleteMany({ where: { id: "r_golden" } });
  await d.user.deleteMany({ where: { id: { in: people.map((p) => p.id) } } });

  for (const p of people) {
    await d.user.create({ data: { id: p.id, email: p.email, name: p.name, passwordHash: "not-a-real-hash", createdAt: at("08:00") } });
  }
  await d.reading.create({
    data: {
      id: "r_golden",
      slug: "golden-letters-on-discussion",
      title: "Letters on Discussion",
      author: "Mary Example",
      year: 1952,
      source: "The Review, 13 May 1952",
      createdAt: at("08:00"),
      // Imported by the instructor: a reading without an importer would be visible to everyone
      // (like the sample reading) and show up in other tests' reading lists.
      createdById: GOLDEN_PEOPLE.ada.id,
      paragraphs: {
        create: [
          { id: "p_golden_1", position: 1, text: "The first paragraph, about <method> & manners.", contentHash: "h1" },
          { id: "p_golden_2", position: 2, heading: "Economic Build-Up", text: "Second paragraph with a passage worth quoting here.", contentHash: "h2" },
          { id: "p_golden_3", position: 3, text: "Τρίτη παράγραφος: 議論は続く。 Третий абзац.", contentHash: "h3" },
          { id: "p_golden_4", position: 4, text: "A fourth paragraph nobody discussed.", contentHash: "h4" },
        ],
      },
    },
  });
  await d.seminar.create({
    data: {
      id: GOLDEN_SEMINAR,
      title: "Golden Seminar: «Letters», spring",
      readingId: "r_golden",
      joinCode: "GOLDEN2345",
      nameVisibility: "HIDDEN_FROM_STUDENTS",
      studentsMayExport: true,
      nextPseudonym: 6,
      createdAt: at("08:00"),
      members: {
        create: people
          .filter((p) => p.role !== null)
          .map((p) => ({ userId: p.id, role: p.role!, pseudonym: p.pseudonym, joinedAt: at("08:00") })),
      },
    },
  });
  const threads = [
    // Pinned, and first in its paragraph anyway, so the pin changes no order.
    { id: "t_golden_a", paragraphId: "p_golden_1", by: "eve", at: "09:00", pinned: "09:30" },
    { id: "t_golden_b", paragraphId: "p_golden_1", by: "ben", at: "10:00", resolved: "10:30", locked: "10:40" },
    {
      id: "t_golden_c",
      paragraphId: "p_golden_2",
      by: "chloe",
      at: "11:00",
      quote: { exact: "passage worth quoting", prefix: "Second paragraph with a ", suffix: " here.", start: 24, end: 45 },
    },
    { id: "t_golden_d", paragraphId: "p_golden_3", by: "dmitri", at: "12:00" },
    { id: "t_golden_e", paragraphId: "p_golden_2", by: "ada", at: "13:00", prompt: true },
    { id: "t_golden_f", paragraphId: "p_golden_3", by: "chloe", at: "14:00" },
  ] as const;
  for (const t of threads) {
    const q = "quote" in t ? t.quote : null;
    await d.thread.create({
      data: {
        id: t.id,
        seminarId: GOLDEN_SEMINAR,
        paragraphId: t.paragraphId,
        createdById: GOLDEN_PEOPLE[t.by].id,
        createdAt: at(t.at),
        kind: "prompt" in t ? "PROMPT" : "DISCUSSION",
        resolvedAt: "resolved" in t ? at(t.resolved) : null,
        resolvedById: "resolved" in t ? GOLDEN_PEOPLE.ada.id : null,
        pinnedAt: "pinned" in t ? at(t.pinned) : null,
        lockedAt: "locked" in t ? at(t.locked) : null,
        quoteExact: q?.exact ?? null,
        quotePrefix: q?.prefix ?? null,
        quoteSuffix: q?.suffix ?? null,
        quoteStart: q?.start ?? null,
        quoteEnd: q?.end ?? null,
      },
    });
  }
  for (const c of GOLDEN_COMMENTS) {
    await d.comment.create({
      data: {
        id: c.id,
        threadId: c.thread,
        seminarId: GOLDEN_SEMINAR,
        authorId: GOLDEN_PEOPLE[c.author].id,
        body: c.body,
        // As the app stores it at write time (lib/domain/threads/service.ts).
        html: renderMarkdown(c.body),
        createdAt: at(c.at),
        editedAt: "edited" in c ? at(c.edited) : null,
        deletedAt: "deleted" in c ? at(c.deleted) : null,
        hiddenAt: "hidden" in c ? at(c.hidden) : null,
        hiddenById: "hidden" in c ? GOLDEN_PEOPLE.ada.id : null,
        // An endorsement of a comment later deleted (c_golden_05) must not show anywhere.
        endorsedAt: "endorsed" in c ? at(c.endorsed) : null,
        endorsedById: "endorsed" in c ? GOLDEN_PEOPLE.ada.id : null,
      },
    });
  }
  const reactions: Array<[string, GoldenPerson, "AGREE" | "QUESTION" | "INSIGHT" | "CONFUSED"]> = [
    ["c_golden_02", "ada", "AGREE"],
    ["c_golden_02", "chloe", "AGREE"],
    ["c_golden_02", "dmitri", "QUESTION"],
    ["c_golden_04", "ben", "INSIGHT"],
    ["c_golden_04", "ada", "AGREE"],
    ["c_golden_06", "chloe", "CONFUSED"],
    ["c_golden_07", "dmitri", "AGREE"],
    ["c_golden_05", "ben", "AGREE"],
  ];
  for (const [commentId, who, kind] of reactions) {
    await d.reaction.create({ data: { commentId, userId: GOLDEN_PEOPLE[who].id, kind, createdAt: at("15:00") } });
  }
}
