// A Markdown reading imported over the JSON API comes back, over the API, with its formatting as
// marks over plain text, its list items and quote as their own paragraphs, and its byline and
// Source: line as metadata; the preview shows the same and warns about leftover markup.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import * as readings from "@/app/api/v1/readings/route";
import * as reading from "@/app/api/v1/readings/[id]/route";
import * as preview from "@/app/api/v1/readings/preview/route";
import type { ReadingView } from "@/lib/domain/readings/present";
import { buildUser, sessionCookie } from "../../helpers/factories";
import { call } from "../../helpers/http";

const markdown = (tag: string) =>
  [
    `# The Commons of Reading ${tag}`,
    "",
    "*by Marta Quill, 1968*",
    "",
    "Source: Quarterly Review of Letters, 1968",
    "",
    "Reading is **never** a solitary act, as [Hall](https://example.org/hall) said of `close reading`.",
    "",
    "> A quoted passage.",
    "",
    "- first item",
    "- second item",
  ].join("\n");

describe("Markdown readings over the API", () => {
  it("an imported Markdown reading's paragraphs come back with marks, kinds and its byline as metadata", async () => {
    const { user } = await buildUser({ name: "Importer" });
    const auth = { cookie: await sessionCookie(user) };
    const tag = randomUUID().slice(0, 8);
    const created = await call(readings.POST, { url: "/api/v1/readings", json: { content: markdown(tag), format: "markdown" }, auth });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;

    const got = await call(reading.GET, { url: `/api/v1/readings/${id}`, params: { id }, auth });
    expect(got.status).toBe(200);
    const r = got.body as ReadingView;
    expect(r).toMatchObject({ title: `The Commons of Reading ${tag}`, author: "Marta Quill", year: 1968, source: "Quarterly Review of Letters, 1968" });
    expect(r.paragraphs.map((p) => [p.number, p.kind, p.ordinal, p.text])).toEqual([
      [1, "paragraph", null, "Reading is never a solitary act, as Hall said of close reading."],
      [2, "quote", null, "A quoted passage."],
      [3, "list-item", null, "first item"],
      [4, "list-item", null, "second item"],
    ]);
    const first = r.paragraphs[0];
    expect(first.marks.map((m) => ({ ...m, text: first.text.slice(m.start, m.end) }))).toEqual([
      { type: "strong", start: 11, end: 16, text: "never" },
      { type: "link", start: 36, end: 40, href: "https://example.org/hall", text: "Hall" },
      { type: "code", start: 49, end: 62, text: "close reading" },
    ]);
    expect(r.paragraphs[1].marks).toEqual([]);
  });

  it("the preview shows author, year and source and warns about markup that would be left over", async () => {
    const { user } = await buildUser({ name: "Previewer" });
    const auth = { cookie: await sessionCookie(user) };
    const content = `${markdown("p")}\n\nA [bad](javascript:alert(1)) link and **unclosed.`;
    const got = await call(preview.POST, { url: "/api/v1/readings/preview", json: { content, format: "markdown" }, auth });
    expect(got.status).toBe(200);
    const body = got.body as { author: string; year: number; source: string; warnings: { paragraph: number | null; message: string }[] };
    expect(body).toMatchObject({ author: "Marta Quill", year: 1968, source: "Quarterly Review of Letters, 1968" });
    expect(body.warnings.map((w) => w.paragraph)).toEqual([5, 5]);
    expect(body.warnings.map((w) => w.message).join(" ")).toMatch(/“\*\*”.*\[text\]\(link\)/);
  });

  it("plain-text imports are unchanged: no marks, every paragraph a paragraph", async () => {
    const { user } = await buildUser({ name: "Plain" });
    const auth = { cookie: await sessionCookie(user) };
    const created = await call(readings.POST, { url: "/api/v1/readings", json: { content: "A Plain Title\n\nSome **literal** text.\n\n- not a list", format: "text" }, auth });
    const id = (created.body as { id: string }).id;
    const r = (await call(reading.GET, { url: `/api/v1/readings/${id}`, params: { id }, auth })).body as ReadingView;
    expect(r.paragraphs.map((p) => [p.kind, p.text, p.marks])).toEqual([
      ["paragraph", "Some **literal** text.", []],
      ["paragraph", "- not a list", []],
    ]);
  });
});
