// Export options, shared by the room's Export menu (which builds the links) and the route
// (which parses the query string). Safe in the browser.
import { z } from "zod";

export const EXPORT_FORMATS = ["markdown", "html", "csv", "jsonld", "participation"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_ORDERS = ["paragraph", "time"] as const;
export type ExportOrder = (typeof EXPORT_ORDERS)[number];

/** Query strings carry booleans as text; anything but "true"/"false" (or 1/0) is a mistake worth naming. */
const queryBoolean = z
  .enum(["true", "false", "1", "0"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "1");

export const exportQuery = z
  .object({
    /** Which file: a transcript (markdown, html), one row per comment (csv), W3C Web Annotations (jsonld), or the per-member summary (participation, instructors only). */
    format: z.enum(EXPORT_FORMATS, { message: `must be one of ${EXPORT_FORMATS.join(", ")}` }),
    /** Transcripts grouped under the paragraphs they discuss, or every comment in the order written. */
    order: z.enum(EXPORT_ORDERS, { message: `must be one of ${EXPORT_ORDERS.join(", ")}` }).default("paragraph"),
    /** Replace members' names with pseudonyms ("Student 3", "Instructor 1") and leave out emails; a student's file only as lib/domain/exports/naming.ts says. */
    anonymize: queryBoolean.default(false),
  })
  .strict();
export type ExportQuery = z.infer<typeof exportQuery>;
export type ExportQueryInput = z.input<typeof exportQuery>;

/** The same options as typed values, for the service (called by the route, tests and the benchmark). */
export const exportInput = z
  .object({
    format: z.enum(EXPORT_FORMATS),
    order: z.enum(EXPORT_ORDERS).default("paragraph"),
    anonymize: z.boolean().default(false),
  })
  .strict();
export type ExportInput = z.input<typeof exportInput>;

/** The download link for these options (used by the Export menu and the docs). */
export function exportHref(seminarId: string, q: { format: ExportFormat; order?: ExportOrder; anonymize?: boolean }): string {
  const p = new URLSearchParams({ format: q.format });
  if (q.order && q.format !== "participation") p.set("order", q.order);
  if (q.anonymize) p.set("anonymize", "true");
  return `/api/v1/seminars/${encodeURIComponent(seminarId)}/export?${p.toString()}`;
}
