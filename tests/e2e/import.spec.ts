import { expect, test } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { person, signUp } from "./pages/accounts";
import { ReadingPage } from "./pages/reading-page";

// Issue 12, "Markdown import shows raw markup": a Markdown reading imported in the browser keeps
// its formatting, its list as a list and its quote as a quote, and the preview finds the author,
// year and source in the byline and the Source: line.
test("a Markdown reading imported in the browser shows its details in the preview, then bold, italic, links and its list as a list", async ({ page }) => {
  const title = `The Commons of Reading ${randomBytes(3).toString("hex")}`;
  const markdown = [
    `# ${title}`,
    "",
    "*by Marta Quill, 1968*",
    "",
    "Source: Quarterly Review of Letters, 1968",
    "",
    "Reading is **never** a solitary act, as [Hall](https://example.org/hall) says of *close* reading and `marginalia`.",
    "",
    "> A quoted passage.",
    "",
    "- first item",
    "- second item",
    "",
    "A stray **marker was left here.",
  ].join("\n");

  await signUp(page, person("Iris Importer"));
  await page.goto("/readings/new");
  await page.getByLabel("File (optional)").setInputFiles({ name: "commons.md", mimeType: "text/markdown", buffer: Buffer.from(markdown) });
  await expect(page.getByLabel("Format")).toHaveValue("markdown");
  await page.getByRole("button", { name: "Preview" }).click();

  const preview = page.getByRole("region", { name: title });
  await expect(preview).toBeVisible();
  const details = preview.getByRole("term");
  await expect(details).toHaveText(["Author", "Year", "Source", "Paragraphs"]);
  await expect(preview.getByRole("definition")).toHaveText(["Marta Quill", "1968", "Quarterly Review of Letters, 1968", "5"]);
  const warnings = preview.getByRole("note");
  await expect(warnings.getByRole("heading", { name: "Markup that would be left over as text" })).toBeVisible();
  await expect(warnings.getByRole("listitem")).toHaveText([/^Paragraph 5: “\*\*”/]);

  await preview.getByRole("button", { name: "Save reading and open a seminar on it" }).click();
  await expect(page).toHaveURL(/\/seminars\/new\?reading=/);
  const { readings } = (await (await page.request.get("/api/v1/readings")).json()) as { readings: { slug: string; title: string }[] };
  const slug = readings.find((r) => r.title === title)!.slug;

  await page.goto(`/readings/${slug}`);
  const reading = new ReadingPage(page);
  await reading.expectLoaded(title);
  await expect(page.locator(".reading-author")).toHaveText("Marta Quill");
  await expect(page.locator(".reading-year")).toHaveText("1968");
  await expect(page.locator(".reading-source")).toContainText("Quarterly Review of Letters, 1968");

  const first = reading.paragraph(1);
  await expect(first).toContainText("Reading is never a solitary act, as Hall says of close reading and marginalia.");
  await expect(first.getByRole("strong")).toHaveText("never");
  await expect(first.getByRole("emphasis")).toHaveText("close");
  await expect(first.getByRole("code")).toHaveText("marginalia");
  await expect(first.getByRole("link", { name: "Hall" })).toHaveAttribute("href", "https://example.org/hall");
  await expect(first).not.toContainText("**");

  await expect(reading.paragraph(2).getByRole("blockquote")).toHaveText("A quoted passage.");
  for (const [n, item] of [[3, "first item"], [4, "second item"]] as const) {
    const list = reading.paragraph(n).locator(".paragraph-text").getByRole("list");
    await expect(list.getByRole("listitem")).toHaveText(item);
  }
  // The byline and the Source: line are details, not paragraphs or headings.
  await expect(page.locator("ol.paragraphs > li")).toHaveCount(5);
  await expect(reading.leadIns).toHaveCount(0);
});
