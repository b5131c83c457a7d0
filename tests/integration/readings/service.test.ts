import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createReading, ensureSampleReading, getReading, listReadings, SAMPLE_READING } from "@/lib/domain/readings/service";
import { paragraphHash } from "@/lib/domain/readings/import";
import { randomBytes } from "node:crypto";

describe("readings in PostgreSQL", () => {
  it("imports the sample reading once, however often and however concurrently start-up runs", async () => {
    await Promise.all([ensureSampleReading(), ensureSampleReading(), ensureSampleReading()]);
    await ensureSampleReading();
    expect(await db().reading.count({ where: { slug: SAMPLE_READING.slug } })).toBe(1);
    const reading = await getReading(SAMPLE_READING.slug);
    expect(await db().paragraph.count({ where: { readingId: reading.id } })).toBe(20);
  });

  it("serves the sample with its metadata and 20 paragraphs in order, five with lead-in headings", async () => {
    await ensureSampleReading();
    const r = await getReading(SAMPLE_READING.slug);
    expect(r).toMatchObject({
      title: "Stalin’s Stake in Mao’s Army",
      author: "Isaac Deutscher",
      year: 1952,
      source: "The Reporter, 13 May 1952",
      sourceNote: "Scanned and prepared for the Marxist Internet Archive by Paul Flewers.",
      paragraphCount: 20,
    });
    expect(r.paragraphs.map((p) => p.number)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(r.paragraphs.map((p) => p.anchor)).toEqual(Array.from({ length: 20 }, (_, i) => `p-${i + 1}`));
    expect(r.paragraphs.filter((p) => p.heading).map((p) => p.heading)).toEqual([
      "Economic Build-Up",
      "Military Integration",
      "Recon Operation",
      "Where the Jets Come From",
      "After You, My Dear Mao’",
    ]);
    const summary = (await listReadings(null)).find((s) => s.slug === SAMPLE_READING.slug);
    expect(summary?.paragraphCount).toBe(20);
  });

  it("keeps paragraph ids stable across reads", async () => {
    await ensureSampleReading();
    const a = await getReading(SAMPLE_READING.slug);
    await ensureSampleReading();
    const b = await getReading(SAMPLE_READING.slug);
    expect(b.paragraphs.map((p) => p.id)).toEqual(a.paragraphs.map((p) => p.id));
  });

  it("an unknown reading is a NOT_FOUND error", async () => {
    await expect(getReading("no-such-reading")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getReading("no-such-reading")).rejects.toBeInstanceOf(AppError);
  });

  it("stores a new reading and its paragraphs together, and refuses a second one with the same slug", async () => {
    const slug = `test-${randomBytes(4).toString("hex")}`;
    const paragraphs = [
      { heading: null, text: "First.", contentHash: paragraphHash(null, "First.") },
      { heading: "Two", text: "Second.", contentHash: paragraphHash("Two", "Second.") },
    ];
    const created = await createReading({ slug, title: "A test reading", paragraphs });
    expect(created).toMatchObject({ slug, title: "A test reading", paragraphCount: 2 });
    await expect(createReading({ slug, title: "Again", paragraphs })).rejects.toMatchObject({ code: "P2002" });
    expect(await db().reading.count({ where: { slug } })).toBe(1);
    expect((await getReading(slug)).paragraphs.map((p) => p.text)).toEqual(["First.", "Second."]);
  });
});
