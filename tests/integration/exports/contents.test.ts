// What the exports hold, checked against the room's own view of the same seminar
// (listThreads, lib/domain/threads/present.ts) rather than against the export code's own rules:
// the CSV parsed back with a real CSV parser, the JSON-LD against the Web Annotation model,
// anonymized files searched byte by byte for names and emails.
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { neutralise } from "@/lib/domain/exports/csv";
import { EXPORT_FORMATS, type ExportFormat } from "@/lib/domain/exports/schema";
import { commentSource, listThreads } from "@/lib/domain/threads/service";
import { updateSeminar, getSeminar } from "@/lib/domain/seminars/service";
import { handleFor } from "@/lib/domain/threads/handles";
import type { Actor } from "@/lib/auth/actor";
import { buildGoldenSeminar, GOLDEN_PEOPLE, GOLDEN_SEMINAR, goldenActor } from "../../helpers/export-world";
import { exportText } from "../../helpers/exports";
import { collectionProblems } from "../../helpers/web-annotation";
import { buildClass, buildComment, buildThread, ORIGIN } from "../../helpers/factories";

beforeAll(async () => {
  await buildGoldenSeminar();
});

type Row = Record<string, string>;
const parseCsv = (text: string): Row[] => {
  expect(text.startsWith("\uFEFF"), "UTF-8 byte order mark").toBe(true);
  expect(text.replace(/"[^"]*"/g, "").includes("\n") && !/[^\r]\n/.test(text.replace(/"[^"]*"/g, "")), "CRLF line ends outside quoted cells").toBe(true);
  return parse(text, { bom: true, columns: true, skip_empty_lines: false, relax_column_count: false }) as Row[];
};

/** The room's view as CSV rows would carry it, thread by thread in the room's order. */
async function expectedRows(actor: Actor) {
  const { threads } = await listThreads(actor, GOLDEN_SEMINAR);
  // The room's view carries the Markdown only of one's own comments; the rest "on request".
  const markdown = new Map<string, string>();
  for (const c of threads.flatMap((t) => t.comments)) if (!c.deletedAt) markdown.set(c.id, (await commentSource(actor, c.id)).body);
  return threads.flatMap((t) =>
    t.comments.map((c, i) => ({
      comment_id: c.id,
      thread_id: t.id,
      reply_to_id: i === 0 ? "" : t.comments[i - 1].id,
      paragraph_number: String(t.paragraphNumber),
      paragraph_id: t.paragraphId,
      passage: t.passage?.exact ?? "",
      author: c.author.name,
      role: c.author.role ?? "",
      created_at: c.createdAt.replace(/\.\d{3}Z$/, "Z"),
      edited_at: c.editedAt?.replace(/\.\d{3}Z$/, "Z") ?? "",
      deleted: String(c.deletedAt !== null),
      hidden: String(c.hidden),
      body: c.deletedAt ? "" : neutralise(markdown.get(c.id)!),
      reactions: c.reactions.map((r) => `${r.kind}:${r.count}`).join(";"),
      thread_resolved: String(t.resolved),
      // The room counts prompts as pinned; the export marks them as prompts and "pinned" means
      // an instructor pinned the thread.
      thread_pinned: String(t.pinned && t.kind !== "prompt"),
      thread_locked: String(t.locked),
      endorsed_by: c.endorsedBy?.name ?? "",
    })),
  );
}

describe("the CSV export", () => {
  it("parsed back with a CSV parser, holds exactly the instructor's view of the discussion", async () => {
    const rows = parseCsv(await exportText(goldenActor("ada"), GOLDEN_SEMINAR, { format: "csv" }));
    const expected = await expectedRows(goldenActor("ada"));
    expect(rows.map(({ author_email: _e, endorsed_at: _t, ...r }) => r)).toEqual(expected);
    // The endorsement's time travels with it (the room does not show it), and only with it.
    expect(rows.filter((r) => r.endorsed_at !== "").map((r) => r.endorsed_by)).toEqual(rows.filter((r) => r.endorsed_by !== "").map((r) => r.endorsed_by));
    expect(rows.filter((r) => r.endorsed_by !== "").length).toBeGreaterThan(0);
    // Emails for instructors, from the accounts.
    const emailOf = new Map<string, string>(Object.values(GOLDEN_PEOPLE).map((p) => [p.name, p.email]));
    for (const r of rows) expect(r.author_email).toBe(r.author === "Former member" ? "" : emailOf.get(r.author));
  });

  it("for a student, holds exactly what the student sees in the room: no emails, no hidden comments", async () => {
    const rows = parseCsv(await exportText(goldenActor("ben"), GOLDEN_SEMINAR, { format: "csv" }));
    expect(rows.map(({ author_email: _e, endorsed_at: _t, ...r }) => r)).toEqual(await expectedRows(goldenActor("ben")));
    expect(rows.every((r) => r.author_email === "" && r.hidden === "false")).toBe(true);
  });

  it("neutralises cells that a spreadsheet would run as a formula", async () => {
    const rows = parseCsv(await exportText(goldenActor("ada"), GOLDEN_SEMINAR, { format: "csv" }));
    const bodies = rows.map((r) => r.body);
    expect(bodies).toContain("'=SUM(A1:A2) is not an argument.");
    expect(bodies.some((b) => b.startsWith("'+What"))).toBe(true);
    expect(bodies.some((b) => b.startsWith("'- starts with a dash\n"))).toBe(true);
    for (const r of rows) for (const cell of Object.values(r)) expect(cell, cell).not.toMatch(/^[=+\-@]/);
  });

  it("keeps a comma, quotes and a newline inside one cell", async () => {
    const rows = parseCsv(await exportText(goldenActor("ada"), GOLDEN_SEMINAR, { format: "csv", order: "time" }));
    expect(rows.find((r) => r.comment_id === "c_golden_03")?.body).toBe('She wrote, "plainly", that manners matter,\nand then stopped.');
    // Time order: created_at never goes backwards.
    const times = rows.map((r) => r.created_at);
    expect([...times].sort()).toEqual(times);
  });
});

describe("the JSON-LD export", () => {
  for (const who of ["ada", "ben"] as const) {
    for (const order of ["paragraph", "time"] as const) {
      it(`passes the Web Annotation structural check for every annotation (${who}, ${order})`, async () => {
        const doc = JSON.parse(await exportText(goldenActor(who), GOLDEN_SEMINAR, { format: "jsonld", order }, { batchSize: 4 }));
        const { problems, annotations } = collectionProblems(doc);
        expect(problems).toEqual([]);
        const { threads } = await listThreads(goldenActor(who), GOLDEN_SEMINAR);
        expect(annotations.length).toBe(threads.reduce((n, t) => n + t.comments.length, 0));
      });
    }
  }

  it("replies target the annotation they reply to; first comments target the paragraph and passage", async () => {
    const doc = JSON.parse(await exportText(goldenActor("ada"), GOLDEN_SEMINAR, { format: "jsonld" }));
    const { annotations } = collectionProblems(doc);
    const ids = new Set(annotations.map((a) => a.id));
    for (const a of annotations) {
      if (a.motivation === "replying") expect(ids.has(a.target as string), String(a.id)).toBe(true);
      else expect((a.target as { source: string }).source).toBe(`${ORIGIN}/readings/golden-letters-on-discussion`);
    }
    const passage = annotations.find((a) => String(a.id).endsWith("c_golden_05"))!;
    expect(passage).toMatchObject({
      "colloquy:deleted": true,
      target: { selector: { type: "FragmentSelector", value: "p-2", refinedBy: [{ type: "TextQuoteSelector", exact: "passage worth quoting" }, { type: "TextPositionSelector", start: 24, end: 45 }] } },
    });
    expect(passage.body).toBeUndefined();
    expect(annotations.find((a) => String(a.id).endsWith("c_golden_02"))).toMatchObject({ "colloquy:reactions": { agree: 2, question: 1 }, "colloquy:resolved": true, modified: "2026-03-02T10:05:00Z" });
  });
});

describe("anonymized exports", () => {
  const forbidden = () =>
    Object.values(GOLDEN_PEOPLE)
      .filter((p) => p.role !== null)
      .flatMap((p) => [p.name, p.email, handleFor(p.name)])
      .filter((s) => s.length > 0);

  for (const format of EXPORT_FORMATS) {
    for (const order of ["paragraph", "time"] as const) {
      it(`hold no member's name, email or @handle anywhere in the bytes (${format}, ${order})`, async () => {
        const text = await exportText(goldenActor("ada"), GOLDEN_SEMINAR, { format, order, anonymize: true });
        const bytes = Buffer.from(text, "utf8");
        for (const needle of forbidden()) {
          for (const form of new Set([needle, needle.toLowerCase(), needle.toUpperCase()])) {
            expect(bytes.includes(Buffer.from(form, "utf8")), `${format}: "${form}" is in the file`).toBe(false);
          }
        }
        // The HTML escapes text; make sure no name hides behind an entity either.
        if (format === "html") for (const p of Object.values(GOLDEN_PEOPLE)) if (p.role) expect(text).not.toContain(p.name.split(" ")[1]);
      });
    }
  }

  it("still hold the discussion, under pseudonyms", async () => {
    const text = await exportText(goldenActor("ada"), GOLDEN_SEMINAR, { format: "markdown", anonymize: true });
    expect(text).toContain("Student 3");
    expect(text).toContain("Instructor 2");
    expect(text).toContain("@student.2");
    expect(text).toContain("Согласен");
  });
});

describe("who sees what", () => {
  const contains = async (actor: Actor, seminarId: string, format: ExportFormat, texts: string[]) => {
    const out = await exportText(actor, seminarId, { format });
    return texts.map((t) => out.includes(t));
  };

  it("a student without permission gets only their own comments, and the heading says so", async () => {
    const { instructor, seminar, students } = await buildClass(["Mina", "Noor"]);
    const [mina, noor] = students;
    const t = await buildThread(noor.actor, seminar.id, { body: "Noor opens the thread" });
    await buildComment(mina.actor, t.id, "Mina's own reply");
    await buildComment(instructor.actor, t.id, "The instructor answers");
    await buildThread(mina.actor, seminar.id, { body: "Mina's own thread" });
    expect((await getSeminar(instructor.actor, seminar.id, ORIGIN)).studentsMayExport).toBe(false);
    for (const format of ["markdown", "html", "csv", "jsonld"] as const) {
      expect(await contains(mina.actor, seminar.id, format, ["Mina's own reply", "Mina's own thread", "Noor opens the thread", "The instructor answers"]), format).toEqual([
        true,
        true,
        false,
        false,
      ]);
    }
    expect(await exportText(mina.actor, seminar.id, { format: "markdown" })).toContain("only your own comments");
    // Once the instructor allows it, the student gets the discussion as the room shows it.
    await updateSeminar(instructor.actor, seminar.id, { studentsMayExport: true }, ORIGIN);
    expect(await contains(mina.actor, seminar.id, "markdown", ["Mina's own reply", "Noor opens the thread", "The instructor answers", "only your own comments"])).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it("a student never receives an email or a hidden comment, in any format", async () => {
    for (const format of ["markdown", "html", "csv", "jsonld"] as const) {
      const text = await exportText(goldenActor("ben"), GOLDEN_SEMINAR, { format });
      // Ada's address is typed into a comment body (free text, as the room shows it): not an author's email field.
      for (const p of Object.values(GOLDEN_PEOPLE)) if (p !== GOLDEN_PEOPLE.ada) expect(text, `${format} has ${p.email}`).not.toContain(p.email);
      if (format === "jsonld") for (const a of collectionProblems(JSON.parse(text)).annotations) expect(a.creator).not.toHaveProperty("email");
      expect(text).not.toContain("A rude remark");
      expect(text).not.toContain("only comment is hidden");
      expect(text).not.toContain("[hidden by instructor]");
      // Names hidden from students stay hidden.
      expect(text).not.toContain("Chloé Dubois");
      expect(text).not.toContain("Дмитрий Иванов");
      // A deleted body never leaves the server.
      expect(text).not.toContain("A remark I took back");
    }
  });

  it("instructors see hidden comments, marked", async () => {
    for (const format of ["markdown", "html"] as const) {
      const text = await exportText(goldenActor("ada"), GOLDEN_SEMINAR, { format });
      expect(text).toContain("A rude remark");
      expect(text).toContain("[hidden by instructor]");
      expect(text).not.toContain("A remark I took back");
      expect(text).not.toContain("Deleted at the end");
    }
  });

  it("a closed seminar exports as usual", async () => {
    const { instructor, seminar, students } = await buildClass(["Omar"]);
    await buildThread(students[0].actor, seminar.id, { body: "Written before closing" });
    await updateSeminar(instructor.actor, seminar.id, { closed: true }, ORIGIN);
    const text = await exportText(instructor.actor, seminar.id, { format: "markdown" });
    expect(text).toContain("Written before closing");
    expect(text).toContain("(closed)");
  });
});
