// Golden files: every format exported from one fixed seminar (tests/helpers/export-world.ts)
// must match tests/fixtures/exports/<name> byte for byte. After a deliberate change, rewrite
// them with UPDATE_GOLDEN=1 and read the diff by eye before committing.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ExportInput } from "@/lib/domain/exports/schema";
import { buildGoldenSeminar, GOLDEN_NOW, GOLDEN_ORIGIN, GOLDEN_SEMINAR, goldenActor, type GoldenPerson } from "../../helpers/export-world";
import { exportText } from "../../helpers/exports";

const DIR = path.resolve(import.meta.dirname, "../../fixtures/exports");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

const CASES: Array<{ file: string; who: GoldenPerson; input: ExportInput }> = [
  { file: "instructor-paragraph.md", who: "ada", input: { format: "markdown", order: "paragraph" } },
  { file: "instructor-time.md", who: "ada", input: { format: "markdown", order: "time" } },
  { file: "instructor-paragraph.html", who: "ada", input: { format: "html", order: "paragraph" } },
  { file: "instructor-time.html", who: "ada", input: { format: "html", order: "time" } },
  { file: "instructor-paragraph.csv", who: "ada", input: { format: "csv", order: "paragraph" } },
  { file: "instructor-paragraph.jsonld", who: "ada", input: { format: "jsonld", order: "paragraph" } },
  { file: "instructor-participation.csv", who: "ada", input: { format: "participation" } },
  { file: "instructor-anonymized-participation.csv", who: "ada", input: { format: "participation", anonymize: true } },
  { file: "instructor-anonymized-time.csv", who: "ada", input: { format: "csv", order: "time", anonymize: true } },
  { file: "instructor-anonymized-paragraph.md", who: "ada", input: { format: "markdown", anonymize: true } },
  { file: "student-paragraph.md", who: "ben", input: { format: "markdown", order: "paragraph" } },
  { file: "student-paragraph.jsonld", who: "ben", input: { format: "jsonld", order: "paragraph" } },
  { file: "student-anonymized-paragraph.md", who: "ben", input: { format: "markdown", order: "paragraph", anonymize: true } },
];

/** The items of every page, in order, following the chain of embedded `next` pages. */
function annotationsOf(text: string): unknown[] {
  const items: unknown[] = [];
  for (let page = JSON.parse(text).first; page; page = page.next) items.push(...page.items);
  return items;
}

beforeAll(async () => {
  await buildGoldenSeminar();
});

describe("export golden files", () => {
  for (const c of CASES) {
    it(`${c.file} matches its golden file`, async () => {
      // Batches of 3 rows make the keyset pagination cross thread and paragraph boundaries;
      // pages of 4 annotations make the JSON-LD chain pages.
      const text = await exportText(goldenActor(c.who), GOLDEN_SEMINAR, c.input, { now: GOLDEN_NOW, origin: GOLDEN_ORIGIN, batchSize: 3, pageSize: 4 });
      const file = path.join(DIR, c.file);
      if (UPDATE) fs.writeFileSync(file, text);
      expect(fs.existsSync(file), `${c.file} is missing: run with UPDATE_GOLDEN=1 to write it`).toBe(true);
      expect(text).toBe(fs.readFileSync(file, "utf8"));
    });
  }

  it("the batch size never changes the bytes", async () => {
    for (const format of ["markdown", "html", "csv", "jsonld"] as const) {
      for (const order of ["paragraph", "time"] as const) {
        const small = await exportText(goldenActor("ada"), GOLDEN_SEMINAR, { format, order }, { now: GOLDEN_NOW, batchSize: 1 });
        const large = await exportText(goldenActor("ada"), GOLDEN_SEMINAR, { format, order }, { now: GOLDEN_NOW, batchSize: 500 });
        expect(small, `${format}/${order}`).toBe(large);
        if (format === "jsonld") expect(annotationsOf(small).length).toBe(11);
      }
    }
  });
});
