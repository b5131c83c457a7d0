// Exports at any database size (issue 11, item 8): a time-ordered export reads only its own
// seminar's comments, along comments (seminar_id, created_at, id), however many other seminars
// write at the same time; and one export reads one snapshot, so what changes while the file is
// being read (a pin that moves a thread, a new reply) neither skips nor doubles a row, and the
// heading's counts match the rows.
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { page, pageQuery, timeScope } from "@/lib/domain/exports/load";
import { exportSeminar } from "@/lib/domain/exports/service";
import { EXPORT_SLOTS } from "@/lib/domain/exports/slots";
import { updateThreadState } from "@/lib/domain/moderation/service";
import { exportText } from "../../helpers/exports";
import { buildClass, buildComment, buildThread, ORIGIN, seminarParagraphs, type BuiltUser } from "../../helpers/factories";

type Row = Record<string, string>;
const csvRows = (text: string): Row[] => parse(text, { bom: true, columns: true }) as Row[];

interface Annotation {
  id: string;
  "colloquy:thread": string;
}
/** The JSON-LD file's heading figures and its annotations, following the chain of pages. */
function jsonld(text: string): { label: string; total: number; items: Annotation[] } {
  const doc = JSON.parse(text);
  const items: Annotation[] = [];
  for (let p = doc.first; p; p = p.next) items.push(...p.items);
  return { label: doc.label, total: doc.total, items };
}
const idOf = (url: string) => url.slice(url.lastIndexOf("-") + 1);

describe("a time-ordered export in a database of many seminars", () => {
  let teacher: BuiltUser;
  let seminarId: string;
  /** The seminar's comment ids in the order they were written. */
  const written: string[] = [];
  /** Comments of other seminars written in between, through the same services. */
  const others: string[] = [];

  beforeAll(async () => {
    const target = await buildClass(["Ines"]);
    teacher = target.instructor;
    seminarId = target.seminar.id;
    const student = target.students[0];
    const neighbours = await Promise.all([buildClass(["Olek"]), buildClass(["Pia"])]);
    // Interleaved in time: every write here is followed by one in each neighbouring seminar.
    const neighbourThreads = await Promise.all(neighbours.map((n) => buildThread(n.students[0].actor, n.seminar.id, { body: "Elsewhere" })));
    const threads: string[] = [];
    for (let i = 0; i < 4; i++) {
      const t = await buildThread(i % 2 ? student.actor : teacher.actor, seminarId, { body: `Thread ${i}` });
      threads.push(t.id);
      written.push(t.comments[0].id);
      for (const [k, n] of neighbours.entries()) others.push((await buildComment(n.students[0].actor, neighbourThreads[k].id, `Elsewhere ${i}`)).id);
      const r = await buildComment(student.actor, threads[Math.floor(i / 2)], `Reply ${i}`);
      written.push(r.id);
      for (const [k, n] of neighbours.entries()) others.push((await buildComment(n.students[0].actor, neighbourThreads[k].id, `Elsewhere again ${i}`)).id);
    }
    // And a crowd of other seminars (set-based, like a busy server's history), written over the
    // same minutes, so that the planner faces a table where this seminar is a small part.
    const paragraphId = (await seminarParagraphs(teacher.actor, seminarId))[0].id;
    const readingId = (await db().paragraph.findUniqueOrThrow({ where: { id: paragraphId } })).readingId;
    const tag = seminarId.slice(-8);
    await db().$executeRawUnsafe(`
      INSERT INTO seminars (id, title, reading_id, join_code)
      SELECT 'crowd${tag}s' || s, 'Crowd ' || s, '${readingId}', 'CROWD${tag}' || s FROM generate_series(1, 30) s`);
    await db().$executeRawUnsafe(`
      INSERT INTO threads (id, seminar_id, paragraph_id, created_by_id, created_at)
      SELECT 'crowd${tag}t' || s, 'crowd${tag}s' || s, '${paragraphId}', '${teacher.user.id}', now() AT TIME ZONE 'UTC' - interval '1 hour'
      FROM generate_series(1, 30) s`);
    await db().$executeRawUnsafe(`
      INSERT INTO comments (id, thread_id, seminar_id, author_id, body, created_at)
      SELECT 'crowd${tag}c' || s || '_' || g, 'crowd${tag}t' || s, 'crowd${tag}s' || s, '${teacher.user.id}', 'Crowd comment',
             now() AT TIME ZONE 'UTC' - interval '10 minutes' + g * interval '100 milliseconds'
      FROM generate_series(1, 30) s, generate_series(1, 300) g`);
    await db().$executeRawUnsafe(`ANALYZE comments`);
  });

  it("holds exactly this seminar's comments, in the order written, whatever the batch size", async () => {
    for (const batchSize of [1, 3, 500]) {
      const rows = csvRows(await exportText(teacher.actor, seminarId, { format: "csv", order: "time" }, { batchSize }));
      expect(rows.map((r) => r.comment_id), `batch size ${batchSize}`).toEqual(written);
      const ids = new Set(rows.map((r) => r.comment_id));
      expect(others.filter((id) => ids.has(id))).toEqual([]);
    }
  });

  it("reads its pages along (seminar_id, created_at, id), not through other seminars' comments", async () => {
    const f = { seminarId, includeHidden: true, authorId: null };
    const first = await page(db(), f, timeScope(f), "time", null, 3);
    expect(first.map((r) => r.id)).toEqual(written.slice(0, 3));
    for (const after of [null, first[2]]) {
      const plan = (await db().$queryRaw<Array<{ "QUERY PLAN": string }>>(Prisma.sql`EXPLAIN ${pageQuery(f, timeScope(f), "time", after, 3)}`))
        .map((r) => r["QUERY PLAN"])
        .join("\n");
      expect(plan).toMatch(/Index Scan using comments_seminar_id_created_at_id_idx on comments c\b/);
      const cond = plan.match(/Index Scan using comments_seminar_id_created_at_id_idx on comments c\b[^\n]*\n\s*Index Cond: ([^\n]*)/)?.[1] ?? "";
      expect(cond).toContain("seminar_id =");
      // The keyset is part of the index condition: the scan starts at the cursor.
      if (after) expect(cond).toMatch(/ROW\(created_at, id\) > ROW\(/);
      expect(plan).not.toMatch(/Seq Scan on comments/);
    }
  });
});

describe("an export is one snapshot", () => {
  it("a thread pinned and one unpinned mid-export, and a reply written mid-export: every thread once, counts match rows", async () => {
    const { instructor, seminar, students } = await buildClass(["Rosa"]);
    const student = students[0];
    const paragraphId = (await seminarParagraphs(instructor.actor, seminar.id))[0].id;
    const ids: string[] = [];
    for (const name of ["A", "B", "C"]) {
      const t = await buildThread(student.actor, seminar.id, { paragraphId, body: `Thread ${name}` });
      await buildComment(instructor.actor, t.id, `Reply in ${name}`);
      ids.push(t.id);
    }
    const [tA, tB, tC] = ids;
    await updateThreadState(instructor.actor, tB, { pinned: true });
    // In the room's order: B (pinned), then A and C (oldest first).
    let changed = false;
    // Batches of 5 rows read one thread at a time (lib/domain/exports/load.ts), so after the
    // first batch only B has been read. Then B is unpinned (it would come again after A), C is
    // pinned (it would move before the cursor and be skipped), and A gets a new reply.
    const afterBatch = async (i: number) => {
      if (i !== 0) return;
      await updateThreadState(instructor.actor, tB, { pinned: false });
      await updateThreadState(instructor.actor, tC, { pinned: true });
      await buildComment(student.actor, tA, "Written while the export was being read");
      changed = true;
    };
    const text = await exportText(instructor.actor, seminar.id, { format: "jsonld", order: "paragraph" }, { batchSize: 5, afterBatch });
    expect(changed).toBe(true);
    const { label, total, items } = jsonld(text);
    const threadOrder = [...new Set(items.map((x) => idOf(x["colloquy:thread"])))];
    expect(threadOrder).toEqual([tB, tA, tC]);
    expect(items.map((x) => idOf(x["colloquy:thread"]))).toEqual([tB, tB, tA, tA, tC, tC]);
    expect(new Set(items.map((x) => x.id)).size).toBe(items.length);
    expect(total).toBe(items.length);
    expect(label).toContain("(3 threads, 6 comments)");

    // The next export sees the new state.
    const after = jsonld(await exportText(instructor.actor, seminar.id, { format: "jsonld", order: "paragraph" }, { batchSize: 5 }));
    expect([...new Set(after.items.map((x) => idOf(x["colloquy:thread"])))]).toEqual([tC, tA, tB]);
    expect(after.label).toContain("(3 threads, 7 comments)");
  });

  it("a reply written mid-export in time order is neither in the rows nor in the counts", async () => {
    const { instructor, seminar, students } = await buildClass(["Sol"]);
    const t = await buildThread(students[0].actor, seminar.id, { body: "Opening" });
    for (let i = 0; i < 3; i++) await buildComment(instructor.actor, t.id, `Reply ${i}`);
    const afterBatch = async (i: number) => {
      if (i === 0) await buildComment(students[0].actor, t.id, "Late reply");
    };
    const { label, total, items } = jsonld(await exportText(instructor.actor, seminar.id, { format: "jsonld", order: "time" }, { batchSize: 2, afterBatch }));
    expect(items).toHaveLength(4);
    expect(total).toBe(4);
    expect(label).toContain("(1 thread, 4 comments)");
  });

  it("returns its connection when the download is cancelled or fails, so exports never exhaust the pool", async () => {
    const { instructor, seminar } = await buildClass([]);
    const t = await buildThread(instructor.actor, seminar.id, { body: "Something to export" });
    // Long enough (about 60 KB) that the stream stops reading ahead with the export still open.
    for (let i = 0; i < 6; i++) await buildComment(instructor.actor, t.id, `${i} ${"A long and considered reply. ".repeat(300)}`);
    // More exports than the pool has connections (10): a snapshot left open would make one wait and fail.
    for (let i = 0; i < 12; i++) {
      const file = await exportSeminar(instructor.actor, seminar.id, { format: "markdown" }, { origin: ORIGIN, batchSize: 1 });
      const reader = file.body.getReader();
      expect((await reader.read()).done).toBe(false);
      await reader.cancel();
    }
    for (let i = 0; i < 12; i++) {
      const file = await exportSeminar(instructor.actor, seminar.id, { format: "csv" }, {
        origin: ORIGIN,
        batchSize: 1,
        afterBatch: () => {
          throw new Error("the download broke");
        },
      });
      await expect(new Response(file.body).text()).rejects.toThrow("the download broke");
    }
    const text = await exportText(instructor.actor, seminar.id, { format: "markdown" });
    expect(text).toContain("Something to export");
  });

  it("at most a few exports of a process read at once: the next waits for a slot, and is refused (429) if none frees up", async () => {
    const { instructor, seminar } = await buildClass([]);
    const t = await buildThread(instructor.actor, seminar.id, { body: "Worth the wait" });
    await buildComment(instructor.actor, t.id, "And a reply");
    // Each running export stops after its first batch until its gate opens: still reading.
    const gates: Array<() => void> = [];
    const start = (slotWaitMs?: number) => {
      const gate = new Promise<void>((resolve) => gates.push(resolve));
      return exportSeminar(instructor.actor, seminar.id, { format: "markdown" }, { origin: ORIGIN, batchSize: 1, slotWaitMs, afterBatch: () => gate });
    };
    const running = [];
    for (let i = 0; i < EXPORT_SLOTS; i++) running.push(await start());
    await expect(start(50)).rejects.toMatchObject({ code: "RATE_LIMITED", details: { retryAfterSeconds: 60 } });
    const waiting = start(20_000);
    // A finished download gives its slot to the export waiting for one.
    gates[0]();
    expect(await new Response(running[0].body).text()).toContain("Worth the wait");
    const next = await waiting;
    gates.forEach((open) => open());
    expect(await new Response(next.body).text()).toContain("And a reply");
    for (const f of running.slice(1)) await f.body.cancel();
  });
});
