// The room on a phone (390×844, touch) and the side panel on a desktop: issue 12, "Phones" and the
// panel that covered the site header. What is measured is what a person sees: where the reading
// starts, whether the paragraph under discussion is in view above the sheet, how big the things
// to tap are.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { newMember, seminarWith } from "./pages/room";
import { PHONE, startThread } from "./pages/phone";

/** The part of the viewport above the sheet (the sheet's top edge), in CSS pixels. */
async function sheetTop(panel: Locator): Promise<number> {
  return (await panel.boundingBox())!.y;
}

/** Waits for layout to settle after a scroll or a resize: two animation frames. */
async function settled(page: Page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

test("on a phone, the header and the seminar card leave the reading near the top of the screen", async ({ browser }) => {
  const ines = await newMember(browser, "Ines Instructor");
  const sam = await newMember(browser, "Sam Student", PHONE);
  const seminar = await seminarWith(ines, [sam], "Week 4 on a phone");
  await sam.room.goto(seminar, sam.who.name);
  const first = await sam.room.paragraph(1).boundingBox();
  // Was 677 px: the header, the reading's title block and the whole seminar card came first.
  expect(first!.y).toBeLessThan(300);
  // The seminar card's details are still there, one tap away.
  await sam.page.getByText("Seminar details", { exact: true }).click();
  await expect(sam.room.presence).toContainText(`${sam.who.name} (you)`);
  await expect(sam.room.presence).toBeVisible();
  // So are the room's other options (shading, the margin's legend, the keyboard help).
  await expect(sam.room.heatToggle).toBeHidden();
  await sam.room.showMoreOptions();
  await expect(sam.room.heatToggle).toBeVisible();
  await expect(sam.page.getByTestId("margin-legend")).toBeVisible();
});

test("on a phone, opening a paragraph's discussion keeps that paragraph in view above the sheet", async ({ browser }) => {
  const ines = await newMember(browser, "Ines Instructor");
  const sam = await newMember(browser, "Sam Student", PHONE);
  const seminar = await seminarWith(ines, [sam], "Week 4 on a phone");
  await startThread(ines.page, seminar, 4, "What does the fourth paragraph claim?");
  await sam.room.goto(seminar, sam.who.name);
  // The margin button sits under its paragraph: tapped at the bottom of the screen, the
  // paragraph is where the sheet rises.
  await sam.room.margin(4).scrollIntoViewIfNeeded();
  await sam.room.margin(4).evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().bottom - window.innerHeight + 4));
  await sam.room.margin(4).tap();
  await expect(sam.room.panel.getByRole("heading", { name: "Paragraph 4", exact: true })).toBeVisible();
  await expect(sam.room.panel.getByText("What does the fourth paragraph claim?")).toBeVisible();
  await settled(sam.page);
  const top = await sheetTop(sam.room.panel);
  const text = (await sam.room.paragraph(4).locator(".paragraph-text").boundingBox())!;
  expect(text.y).toBeGreaterThanOrEqual(0);
  // At least its first lines are visible above the sheet.
  expect(text.y + 48).toBeLessThanOrEqual(top);
});

test("on a phone, the sheet is dragged to full height and back by its handle, toggled by a button, and closed", async ({ browser }) => {
  const ines = await newMember(browser, "Ines Instructor");
  const sam = await newMember(browser, "Sam Student", PHONE);
  const seminar = await seminarWith(ines, [sam], "Week 4 on a phone");
  await sam.room.goto(seminar, sam.who.name);
  await sam.room.margin(2).tap();
  const panel = sam.room.panel;
  await expect(panel.getByRole("heading", { name: "Paragraph 2", exact: true })).toBeVisible();
  const half = (await panel.boundingBox())!;
  expect(half.height).toBeLessThan(844 * 0.6);

  // Drag the handle up: the sheet follows the finger and settles at full height.
  const size = panel.getByRole("button", { name: "Full height" });
  await expect(size).toHaveAttribute("aria-pressed", "false");
  const handle = (await size.boundingBox())!;
  const x = handle.x + handle.width / 2;
  await sam.page.mouse.move(x, handle.y + handle.height / 2);
  await sam.page.mouse.down();
  await sam.page.mouse.move(x, 400, { steps: 6 });
  await sam.page.mouse.move(x, 60, { steps: 6 });
  await sam.page.mouse.up();
  await expect(size).toHaveAttribute("aria-pressed", "true");
  await settled(sam.page);
  expect((await panel.boundingBox())!.height).toBeGreaterThan(844 * 0.85);

  // And down again, to half.
  const handle2 = (await size.boundingBox())!;
  await sam.page.mouse.move(x, handle2.y + handle2.height / 2);
  await sam.page.mouse.down();
  await sam.page.mouse.move(x, 300, { steps: 6 });
  await sam.page.mouse.move(x, 420, { steps: 6 });
  await sam.page.mouse.up();
  await expect(size).toHaveAttribute("aria-pressed", "false");
  await settled(sam.page);
  expect((await panel.boundingBox())!.height).toBeLessThan(844 * 0.6);

  // The same by keyboard (or a screen reader's activation): the button toggles.
  await size.focus();
  await sam.page.keyboard.press("Enter");
  await expect(size).toHaveAttribute("aria-pressed", "true");
  await sam.page.keyboard.press("Enter");
  await expect(size).toHaveAttribute("aria-pressed", "false");

  // Closed: the sheet goes and focus is back on the paragraph's margin button.
  await panel.getByRole("button", { name: "Close the discussion panel" }).tap();
  await expect(panel).toBeHidden();
  await expect(sam.room.margin(2)).toBeFocused();
});

test("on a phone, everything to tap in the room is at least 24×24 px, with the discussion open", async ({ browser }) => {
  const ines = await newMember(browser, "Ines Instructor");
  const sam = await newMember(browser, "Sam Student", PHONE);
  const seminar = await seminarWith(ines, [sam], "Week 4 on a phone");
  await startThread(sam.page, seminar, 2, "A comment of my own, to react to and edit.");
  await sam.room.goto(seminar, sam.who.name);
  await sam.room.openMargin(2);
  await expect(sam.room.comment("A comment of my own")).toBeVisible();
  await sam.page.getByText("Seminar details", { exact: true }).click();
  await sam.page.getByText(/^All members/).click();
  await settled(sam.page);
  const small = await sam.page.evaluate(() => {
    const found: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>("button, a[href], input:not([type=hidden]), select, textarea, summary, [role=button], [role=tab]")) {
      // Not rendered, or kept for screen readers only (the skip link until focused).
      if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: false }) || el.closest(".visually-hidden, .skip-link")) continue;
      // Links inside running text (a comment's Markdown) are exempt (WCAG 2.5.8, "inline").
      if (el.closest(".comment-body")) continue;
      const r = el.getBoundingClientRect();
      if (r.width < 24 || r.height < 24) found.push(`${el.tagName.toLowerCase()} "${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 40)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return found;
  });
  expect(small).toEqual([]);
});

test("the Ctrl+Enter hint is shown with a keyboard and not on a touch screen", async ({ browser }) => {
  const ines = await newMember(browser, "Ines Instructor");
  const sam = await newMember(browser, "Sam Student", PHONE);
  const seminar = await seminarWith(ines, [sam], "Week 4 on a phone");
  await sam.room.goto(seminar, sam.who.name);
  await sam.room.openMargin(3);
  const box = sam.room.newThreadBox(3);
  await expect(box).toBeVisible();
  await expect(box).toHaveAttribute("placeholder", /Markdown/);
  await expect(box).not.toHaveAttribute("placeholder", /Ctrl\+Enter/);
  await expect(sam.room.panel.getByText(/Ctrl\+Enter/)).toHaveCount(0);

  await ines.room.goto(seminar, ines.who.name);
  await ines.room.openMargin(3);
  await expect(ines.room.newThreadBox(3)).toHaveAttribute("placeholder", /Ctrl\+Enter sends/);
});

test("on a desktop, the discussion panel leaves the site header (My seminars, the bell, Sign out) uncovered", async ({ browser }) => {
  const ines = await newMember(browser, "Ines Instructor");
  await ines.page.setViewportSize({ width: 1280, height: 800 });
  const seminar = await seminarWith(ines, [], "Week 4 on a desktop");
  await ines.room.goto(seminar, ines.who.name);
  await ines.room.openMargin(1);
  // Back at the top of the page, where the header is.
  await ines.page.evaluate(() => window.scrollTo(0, 0));
  await settled(ines.page);
  const header = ines.page.getByRole("banner");
  for (const target of [header.getByRole("link", { name: "My seminars" }), header.getByRole("link", { name: /Notifications/ }), header.getByRole("button", { name: "Sign out" })]) {
    // What is under the middle of each control is the control itself, not the panel.
    const hit = await target.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      return !!top && (el === top || el.contains(top));
    });
    expect(hit).toBe(true);
  }
  await header.getByRole("link", { name: "My seminars" }).click();
  await expect(ines.page).toHaveURL(/\/seminars$/);
});
