// Readings: the only place with the rules for reading and storing them.
// Authorization: the sample reading (no creator) is public; an imported reading is visible to
// the person who imported it and to members of seminars on it. Anyone else gets NOT_FOUND.
import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";
import { Prisma } from "@/lib/db/generated/client";
import { zodMessage } from "@/lib/http/zod";
import { htmlToText } from "./html";
import { parseReading, type ParsedReading } from "./import";
import { presentReading, presentSummary, type ReadingSummary, type ReadingView } from "./present";
import { importReadingInput, newReadingInput, slugFor, type ImportReadingInput, type NewReadingInput } from "./schema";

const NOT_FOUND = "There is no reading here, or you cannot see it.";

/** The readings an actor may see (anonymous visitors: the public ones only). */
export function visibleReadingWhere(actor: Pick<Actor, "id"> | null): Prisma.ReadingWhereInput {
  if (!actor) return { createdById: null };
  return {
    OR: [{ createdById: null }, { createdById: actor.id }, { seminars: { some: { members: { some: { userId: actor.id } } } } }],
  };
}

export async function listReadings(actor: Actor | null): Promise<ReadingSummary[]> {
  const rows = await db().reading.findMany({
    where: visibleReadingWhere(actor),
    orderBy: [{ createdAt: "asc" }, { title: "asc" }],
    include: { _count: { select: { paragraphs: true } } },
  });
  return rows.map(presentSummary);
}

async function findReading(where: Prisma.ReadingWhereInput, actor: Actor | null): Promise<ReadingView> {
  const row = await db().reading.findFirst({
    where: { AND: [where, visibleReadingWhere(actor)] },
    include: { paragraphs: { orderBy: { position: "asc" } } },
  });
  if (!row) throw new AppError("NOT_FOUND", NOT_FOUND);
  return presentReading(row);
}

export const getReading = (slug: string, actor: Actor | null = null) => findReading({ slug }, actor);
export const getReadingById = (id: string, actor: Actor | null) => findReading({ id }, actor);

/**
 * Text, Markdown or HTML -> what would be stored; used by the import preview and the import. The
 * preview also carries `warnings` (markup that would be left over as text); they are not stored.
 */
export function previewReading(input: ImportReadingInput): ParsedReading & { title: string } {
  const data = importReadingInput.parse(input);
  const text = data.format === "html" ? htmlToText(data.content) : data.content;
  const parsed = parseReading(text, { format: data.format });
  const title = data.title ?? parsed.title;
  if (!title) throw new AppError("BAD_REQUEST", "title: the text has no title line; give one");
  if (!parsed.paragraphs.length) throw new AppError("BAD_REQUEST", "content: no paragraphs were found in the text");
  const preview = {
    ...parsed,
    title,
    author: data.author ?? parsed.author,
    year: data.year ?? parsed.year,
    source: data.source ?? parsed.source,
  };
  // The preview promises what the import will store, so it applies the same limits.
  const storable = newReadingInput.safeParse(preview);
  if (!storable.success) throw new AppError("BAD_REQUEST", zodMessage(storable.error));
  return preview;
}

export async function importReading(actor: Actor, input: ImportReadingInput): Promise<ReadingSummary> {
  const p = previewReading(input);
  const base = slugFor(p.title, p.author, p.year);
  // A free slug: the base, or the base with a short suffix when a reading already has it.
  for (let attempt = 0; ; attempt++) {
    const slug = attempt === 0 ? base : `${base.slice(0, 90)}-${Math.random().toString(36).slice(2, 7)}`;
    try {
      return await createReading({ slug, title: p.title, author: p.author, year: p.year, source: p.source, sourceNote: p.sourceNote, paragraphs: p.paragraphs }, actor);
    } catch (err) {
      if ((err as { code?: string }).code !== "P2002" || attempt >= 5) throw err;
    }
  }
}

/** Stores a reading and its paragraphs in one transaction. */
export async function createReading(input: NewReadingInput, creator: Actor | null = null): Promise<ReadingSummary> {
  const data = newReadingInput.parse(input);
  const slug = data.slug ?? slugFor(data.title, data.author, data.year);
  const row = await db().$transaction(async (tx) => {
    const reading = await tx.reading.create({
      data: {
        createdById: creator?.id ?? null,
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
        kind: p.kind,
        ordinal: p.ordinal ?? null,
        // Prisma stores SQL NULL for DbNull; an empty list is stored as no marks at all.
        marks: p.marks?.length ? p.marks.map((m) => ({ ...m })) : Prisma.DbNull,
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
