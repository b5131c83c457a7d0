// File names and content types of the exports. Pure; unit-tested.
import type { ExportFormat } from "./schema";

/** Content types say UTF-8 explicitly: spreadsheet programs and browsers guess otherwise. */
export const EXPORT_TYPES: Record<ExportFormat, { ext: string; type: string }> = {
  markdown: { ext: "md", type: "text/markdown; charset=utf-8" },
  html: { ext: "html", type: "text/html; charset=utf-8" },
  csv: { ext: "csv", type: "text/csv; charset=utf-8; header=present" },
  jsonld: { ext: "jsonld", type: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8' },
  participation: { ext: "csv", type: "text/csv; charset=utf-8; header=present" },
};

function slug(title: string, keep: RegExp): string {
  return title
    .toLowerCase()
    .replace(keep, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}

/**
 * "Cold War Seminar" on 2026-03-02 -> "cold-war-seminar-2026-03-02-transcript.md". `unicode`
 * keeps letters of any script (sent as RFC 6266 filename*); `ascii` is the fallback for
 * programs that only read filename= (accents dropped; other scripts give "seminar").
 */
export function exportFilename(title: string, date: Date, format: ExportFormat): { ascii: string; unicode: string } {
  const kind = format === "participation" ? "participation" : format === "csv" ? "comments" : format === "jsonld" ? "annotations" : "transcript";
  const tail = `${date.toISOString().slice(0, 10)}-${kind}.${EXPORT_TYPES[format].ext}`;
  const ascii = slug(title.normalize("NFKD").replace(/[\u0300-\u036f]/g, ""), /[^a-z0-9]+/g) || "seminar";
  const unicode = slug(title.normalize("NFC"), /[^\p{L}\p{N}]+/gu) || "seminar";
  return { ascii: `${ascii}-${tail}`, unicode: `${unicode}-${tail}` };
}
