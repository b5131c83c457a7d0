import fs from "node:fs";
import { expect, type Page } from "@playwright/test";

export type ExportFormat = "markdown" | "html" | "csv" | "jsonld" | "participation";

/** The room's Export menu: a button that discloses the options and one download link per format. */
export class ExportMenu {
  constructor(private readonly page: Page) {}

  get button() {
    return this.page.getByTestId("export-button");
  }

  get panel() {
    return this.page.getByTestId("export-panel");
  }

  link(format: ExportFormat) {
    return this.page.getByTestId(`export-${format}`);
  }

  /** Opens the menu from the keyboard, the way someone without a mouse would. */
  async openWithKeyboard() {
    await this.button.focus();
    await this.page.keyboard.press("Enter");
    await expect(this.button).toHaveAttribute("aria-expanded", "true");
    await expect(this.panel).toBeVisible();
  }

  async closeWithEscape() {
    await this.page.keyboard.press("Escape");
    await expect(this.panel).toBeHidden();
    await expect(this.button).toBeFocused();
  }

  async chooseOrder(order: "By paragraph" | "In the order written") {
    await this.panel.getByLabel(order).check();
  }

  /** Clicks a format's link and returns the downloaded file's name and bytes (as UTF-8 text, BOM kept). */
  async download(format: ExportFormat): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent("download"), this.link(format).click()]);
    const file = await download.path();
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(fs.readFileSync(file));
    return { name: download.suggestedFilename(), text };
  }
}
