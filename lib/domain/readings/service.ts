// Readings: the only place with the rules for reading and storing them.
// Authorization: readings are public for now (accounts come with the seminar issue).
import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseReading } from "./import";
import { presentReading, presentSummary, type ReadingSummary, type ReadingView } from "./present";
import { newReadingInput, slugFor, type NewReadingInput } from "./schema";

export async function listReadings(): Promise<ReadingSummary[]> {
  const rows = await db().reading.findMany({
    orderBy: [{ createdAt: "asc" }, { title: "asc" }],
    include: { _count: { select: { paragraphs: true } } },
  });
  return rows.map(presentSummary);
}

export async function getReading(slug: string): Promise<ReadingView> {
  const row = await db().reading.findUnique({
    where: { slug },
    include: { paragraphs: { orderBy: { position: "asc" } } },
  });
  if (!row) throw new AppError("NOT_FOUND", "There is no reading at this address.");
  return presentReading(row);
}

/** Stores a reading and its paragraphs in one transaction. */
export async function createReading(input: NewReadingInput): Promise<ReadingSummary> {
  const data = newReadingInput.parse(input);
  const slug = data.slug ?? slugFor(data.title, data.author, data.year);
  const row = await db().$transaction(async (tx) => {
    const reading = await tx.reading.create({
      data: {
        slug,
        title: data.title,
        author: data.author ?? null,
        year: data.year ?? null,
        source: data.source ?? null,
        sourceNote: data.sourceNote ?? null,
      },
    });
    await tx.paragraph.createMany({
      data: data.paragraphs.map((p, i) => ({
        readingId: reading.id,
        position: i + 1,
        heading: p.heading,
        text: p.text,
        contentHash: p.contentHash,
      })),
    });
    return reading;
  });
  return presentSummary({ ...row, _count: { paragraphs: data.paragraphs.length } });
}

/** The sample that ships with the project (a copy of Deutscher's 1952 article). */
export const SAMPLE_READING = {
  slug: "deutscher-1952-stalins-stake-in-maos-army",
  file: path.join("content", "readings", "deutscher-1952-stalins-stake-in-maos-army.txt"),
};

/**
 * Imports the sample reading unless it is there already. Runs at every start; the unique slug
 * makes a concurrent second start lose the race harmlessly instead of duplicating it.
 */
export async function ensureSampleReading(root = process.cwd()): Promise<{ created: boolean }> {
  const existing = await db().reading.findUnique({ where: { slug: SAMPLE_READING.slug }, select: { id: true } });
  if (existing) return { created: false };
  const parsed = parseReading(await fs.readFile(path.join(root, SAMPLE_READING.file), "utf8"));
  try {
    await createReading({
      slug: SAMPLE_READING.slug,
      title: parsed.title ?? "Stalin’s Stake in Mao’s Army",
      author: parsed.author,
      year: parsed.year,
      source: parsed.source,
      sourceNote: parsed.sourceNote,
      paragraphs: parsed.paragraphs,
    });
    return { created: true };
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") return { created: false };
    throw err;
  }
}
