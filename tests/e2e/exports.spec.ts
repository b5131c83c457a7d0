import { expect, test } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { collectionProblems } from "../helpers/web-annotation";
import { ExportMenu } from "./pages/export-menu";
import { newMember, seminarWith } from "./pages/room";
import { SAME_ORIGIN } from "./pages/same-origin";

/** Text of a PDF, pages joined, whitespace collapsed (pdf.js, legacy build for Node). */
async function pdfText(bytes: Buffer): Promise<string> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: true, disableFontFace: true }).promise;
  let text = "";
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((it) => ("str" in it ? it.str + (it.hasEOL ? " " : "") : "")).join("") + " ";
  }
  await doc.destroy();
  return text.replace(/\s+/g, " ");
}

test("the instructor downloads every format from the Export menu, the files parse, and the printed HTML holds the discussion", async ({ browser }) => {
  const ines = await newMember(browser, "Ines Instructor");
  const sam = await newMember(browser, "Sam Student");
  const seminarId = await seminarWith(ines, [sam], "Exports: week 5");
  const threads = await (await ines.page.request.get(`/api/v1/seminars/${seminarId}`)).json();
  const reading = await (await ines.page.request.get(`/api/v1/readings/${threads.reading.id}`)).json();
  const [p1, p2] = reading.paragraphs as Array<{ id: string; text: string }>;
  // Sam opens a thread with a comma, quotes and a line break; Ines replies on another paragraph.
  const t = await sam.page.request.post(`/api/v1/seminars/${seminarId}/threads`, { headers: SAME_ORIGIN, data: { paragraphId: p1.id, body: 'Sam asks, "why Peking?"\nSecond line.' } });
  expect(t.status()).toBe(201);
  expect((await ines.page.request.post(`/api/v1/threads/${(await t.json()).id}/comments`, { headers: SAME_ORIGIN, data: { body: "Ines answers the question." } })).status()).toBe(201);
  expect((await ines.page.request.post(`/api/v1/seminars/${seminarId}/threads`, { headers: SAME_ORIGIN, data: { paragraphId: p2.id, body: "=Ines on the second paragraph" } })).status()).toBe(201);

  await ines.room.goto(seminarId, "Ines Instructor");
  const menu = new ExportMenu(ines.page);
  await menu.openWithKeyboard();
  await menu.closeWithEscape();
  await menu.openWithKeyboard();

  const md = await menu.download("markdown");
  expect(md.name).toMatch(/^exports-week-5-\d{4}-\d{2}-\d{2}-transcript\.md$/);
  expect(md.text).toContain("# Exports: week 5: discussion transcript");
  expect(md.text).toContain("Ines answers the question.");

  const csv = await menu.download("csv");
  const rows = parse(csv.text, { bom: true, columns: true }) as Array<Record<string, string>>;
  expect(rows.map((r) => r.body)).toEqual(['Sam asks, "why Peking?"\nSecond line.', "Ines answers the question.", "'=Ines on the second paragraph"]);
  expect(rows[0].author_email).toBe(sam.who.email);

  const jsonld = await menu.download("jsonld");
  const { problems, annotations } = collectionProblems(JSON.parse(jsonld.text));
  expect(problems).toEqual([]);
  expect(annotations.map((a) => a.motivation)).toEqual(["commenting", "replying", "commenting"]);

  const summary = await menu.download("participation");
  const people = parse(summary.text, { bom: true, columns: true }) as Array<Record<string, string>>;
  expect(people.map((r) => [r.name, r.threads_started, r.replies])).toEqual([
    ["Ines Instructor", "1", "1"],
    ["Sam Student", "1", "0"],
  ]);

  // Anonymized and in time order: the links follow the options.
  await menu.chooseOrder("In the order written");
  await ines.page.getByTestId("export-anonymize").check();
  const anon = await menu.download("csv");
  expect(anon.text).not.toContain("Sam Student");
  expect(anon.text).not.toContain(sam.who.email);
  expect(anon.text).toContain("Student 1");

  // The HTML transcript: self-contained (no request leaves the page), and printable.
  await menu.chooseOrder("By paragraph");
  await ines.page.getByTestId("export-anonymize").uncheck();
  const html = await menu.download("html");
  const printer = await ines.context.newPage();
  const requests: string[] = [];
  printer.on("request", (r) => requests.push(r.url()));
  await printer.setContent(html.text, { waitUntil: "load" });
  expect(requests).toEqual([]);
  await expect(printer.locator("article.comment")).toHaveCount(3);
  const pdf = await printer.pdf({ format: "A4", printBackground: true });
  const text = await pdfText(pdf);
  expect(text).toContain("Ines answers the question.");
  expect(text).toContain("Sam asks");
  expect(text).toContain(p1.text.replace(/\s+/g, " ").slice(0, 40));
  expect(text).toContain(p2.text.replace(/\s+/g, " ").slice(0, 40));
  expect(text).toMatch(/Page 1 of \d+/);
  await printer.close();
  await ines.context.close();
  await sam.context.close();
});

test("a student without permission gets only their own comments, and never the participation summary", async ({ browser }) => {
  const ines = await newMember(browser, "Ines Teacher");
  const ada = await newMember(browser, "Ada Student");
  const bo = await newMember(browser, "Bo Student");
  const seminarId = await seminarWith(ines, [ada, bo], "Exports: own comments");
  const seminar = await (await ines.page.request.get(`/api/v1/seminars/${seminarId}`)).json();
  const reading = await (await ines.page.request.get(`/api/v1/readings/${seminar.reading.id}`)).json();
  const paragraphId = reading.paragraphs[0].id;
  const t = await bo.page.request.post(`/api/v1/seminars/${seminarId}/threads`, { headers: SAME_ORIGIN, data: { paragraphId, body: "Bo's thread" } });
  expect((await ada.page.request.post(`/api/v1/threads/${(await t.json()).id}/comments`, { headers: SAME_ORIGIN, data: { body: "Ada's reply" } })).status()).toBe(201);

  await ada.room.goto(seminarId, "Ada Student");
  const menu = new ExportMenu(ada.page);
  await menu.openWithKeyboard();
  await expect(menu.link("participation")).toHaveCount(0);
  await expect(ada.page.getByTestId("export-anonymize")).toHaveCount(0);
  const md = await menu.download("markdown");
  expect(md.text).toContain("Ada's reply");
  expect(md.text).not.toContain("Bo's thread");
  expect(md.text).toContain("only your own comments");
  const csv = parse((await menu.download("csv")).text, { bom: true, columns: true }) as Array<Record<string, string>>;
  expect(csv.map((r) => [r.body, r.author_email])).toEqual([["Ada's reply", ""]]);
  // Asking for the summary by hand is refused.
  expect((await ada.page.request.get(`/api/v1/seminars/${seminarId}/export?format=participation`)).status()).toBe(403);

  // The instructor allows full exports in the settings; now the student gets the discussion.
  await ines.page.goto(`/seminars/${seminarId}/settings`);
  await ines.page.getByLabel(/Students may export the whole discussion/).check();
  await expect(ines.page.getByLabel(/Students may export the whole discussion/)).toBeChecked();
  await expect.poll(async () => (await (await ines.page.request.get(`/api/v1/seminars/${seminarId}`)).json()).studentsMayExport).toBe(true);
  const all = await menu.download("markdown");
  expect(all.text).toContain("Bo's thread");
  expect(all.text).toContain("Ada's reply");
  await ines.context.close();
  await ada.context.close();
  await bo.context.close();
});
