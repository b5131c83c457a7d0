import { expect, test } from "@playwright/test";
import { ReadingPage } from "./pages/reading-page";

const TITLE = "Stalin’s Stake in Mao’s Army";
const HEADINGS = ["Economic Build-Up", "Military Integration", "Recon Operation", "Where the Jets Come From", "After You, My Dear Mao’"];

test("a reader opens the sample reading from the home page and sees its 20 numbered paragraphs", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Readings" })).toBeVisible();
  await page.getByRole("link", { name: TITLE }).click();

  const reading = new ReadingPage(page);
  await reading.expectLoaded(TITLE);
  await expect(page).toHaveURL(/\/readings\/deutscher-1952-stalins-stake-in-maos-army$/);
  await expect(page.locator(".reading-author")).toHaveText("Isaac Deutscher");
  await expect(page.locator(".reading-year")).toHaveText("1952");
  await expect(page.locator(".reading-source")).toContainText("The Reporter, 13 May 1952");

  await expect(reading.paragraphs).toHaveCount(20);
  for (let n = 1; n <= 20; n++) {
    await expect(reading.paragraph(n).locator(".paragraph-number")).toHaveText(String(n));
  }
  await expect(reading.paragraph(1)).toContainText("The integration of Russian and Chinese power");
  await expect(reading.paragraph(20)).toContainText("spoil the game?");
  await expect(reading.leadIns).toHaveText(HEADINGS);
  // the lead-in is part of its paragraph, not a paragraph of its own
  await expect(reading.paragraph(5).locator(".lead-in")).toHaveText("Economic Build-Up");
});

test("a paragraph's number links to that paragraph, and the link works when opened directly", async ({ page }) => {
  await page.goto("/readings/deutscher-1952-stalins-stake-in-maos-army");
  const reading = new ReadingPage(page);
  await reading.numberLink(14).click();
  await expect(page).toHaveURL(/#p-14$/);
  await expect(reading.paragraph(14)).toBeInViewport();

  await page.goto("/readings/deutscher-1952-stalins-stake-in-maos-army#p-18");
  await expect(reading.paragraph(18)).toBeInViewport();
  await expect(reading.paragraph(18).locator(".lead-in")).toHaveText("After You, My Dear Mao’");
});

test("the reading is readable without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/readings/deutscher-1952-stalins-stake-in-maos-army");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);
  await expect(page.locator("ol.paragraphs > li")).toHaveCount(20);
  await context.close();
});

test("an unknown reading shows a clear not-found page", async ({ page }) => {
  const res = await page.goto("/readings/no-such-reading");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to the readings" })).toBeVisible();
});
