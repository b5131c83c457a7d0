// Inputs about readings, validated with zod; safe to import in the browser.
import { z } from "zod";
import { MARK_TYPES, PARAGRAPH_KINDS } from "./segments";

/** Inline formatting over a paragraph's text (see ./segments.ts). */
export const paragraphMark = z
  .object({
    start: z.number().int().min(0),
    end: z.number().int().min(1),
    type: z.enum(MARK_TYPES),
    /** Links only; the importer only produces hrefs that pass `isSafeHref`. */
    href: z.string().max(2000).optional(),
  })
  .refine((m) => m.end > m.start, "a mark must not be empty")
  .refine((m) => (m.type === "link") === (m.href !== undefined), "links, and only links, have an href");

/** A reading's URL segment: lowercase words joined by hyphens. */
export const readingSlug = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lowercase letters, digits and hyphens");

export const newReadingInput = z.object({
  slug: readingSlug.optional(),
  title: z.string().trim().min(1, "a reading needs a title").max(300),
  author: z.string().trim().max(200).nullish(),
  year: z.number().int().min(0).max(3000).nullish(),
  source: z.string().trim().max(500).nullish(),
  sourceNote: z.string().trim().max(2000).nullish(),
  paragraphs: z
    .array(
      z.object({
        heading: z.string().trim().max(200).nullable(),
        text: z.string().min(1).max(20_000),
        /** Older callers send none: a plain paragraph. */
        kind: z.enum(PARAGRAPH_KINDS).default("paragraph"),
        ordinal: z.number().int().min(0).max(1_000_000_000).nullish(),
        marks: z.array(paragraphMark).max(5000).nullish(),
        contentHash: z.string().length(64),
      })
      .refine((p) => (p.marks ?? []).every((m) => m.end <= p.text.length), "a mark runs past the end of its paragraph"),
    )
    .min(1, "a reading needs at least one paragraph")
    .max(5000),
});

/** What callers pass (kind, ordinal and marks may be left out). */
export type NewReadingInput = z.input<typeof newReadingInput>;

/** "Isaac Deutscher", 1952, "Stalin’s Stake in Mao’s Army" -> "deutscher-1952-stalins-stake-in-maos-army" */
export function slugFor(title: string, author?: string | null, year?: number | null): string {
  const surname = author?.trim().split(/\s+/).pop() ?? "";
  const words = [surname, year ? String(year) : "", title]
    .join(" ")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[’'`]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return words.slice(0, 100).replace(/-+$/, "") || "reading";
}

/** The largest text accepted for import (about 200 pages of prose). */
export const MAX_IMPORT_CHARS = 1_000_000;

export const importReadingInput = z
  .object({
    /** The whole text: plain text, Markdown, or HTML (reduced to paragraphs, nothing else kept). */
    content: z.string().min(1, "is empty").max(MAX_IMPORT_CHARS, `is over ${MAX_IMPORT_CHARS.toLocaleString("en")} characters`),
    format: z.enum(["text", "markdown", "html"]).default("text"),
    /** Override what the opening lines say. */
    title: z.string().trim().min(1).max(300).optional(),
    author: z.string().trim().max(200).optional(),
    year: z.number().int().min(0).max(3000).optional(),
    source: z.string().trim().max(500).optional(),
  })
  .strict();
export type ImportReadingInput = z.input<typeof importReadingInput>;
