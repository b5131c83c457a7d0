import { expect, type Locator, type Page } from "@playwright/test";

/** The reading page as a reader meets it: header, numbered paragraphs, lead-in headings. */
export class ReadingPage {
  readonly title: Locator;
  readonly paragraphs: Locator;
  readonly leadIns: Locator;

  constructor(readonly page: Page) {
    this.title = page.getByRole("heading", { level: 1 });
    this.paragraphs = page.getByRole("list", { name: "Paragraphs" }).getByRole("listitem");
    this.leadIns = page.locator(".paragraph .lead-in");
  }

  paragraph(n: number): Locator {
    return this.page.locator(`#p-${n}`);
  }

  numberLink(n: number): Locator {
    return this.page.getByRole("link", { name: `Paragraph ${n}: link to this paragraph` });
  }

  async expectLoaded(title: string) {
    await expect(this.title).toHaveText(title);
  }
}
