// The room by keyboard (issue 12): a paragraph is one Tab stop; Enter on it starts a passage
// selection moved by word and sentence and announced; C or Enter comments on it; the keyboard
// help (?) lists every key and turns single-key shortcuts off; focus goes to a comment once it is
// posted; the margin's counts have a legend and a name that contains what they show.
import AxeBuilder from "@axe-core/playwright";
import { blockingViolations } from "./pages/axe";
import { expect, test, type Page } from "@playwright/test";
import { newMember, seminarWith, type Member } from "./pages/room";

test.describe.configure({ timeout: 120_000 });

async function closeAll(...members: Member[]) {
  for (const m of members) await m.context.close();
}

/** WCAG contrast ratio of two computed colours ("rgb(r, g, b)"). */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Serious and critical axe violations (WCAG 2.2 AA) inside `selector`, as "rule: nodes". */
async function axeProblems(page: Page, selector: string): Promise<string[]> {
  return (await blockingViolations(page, selector)).map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

const focusedComment = (page: Page) => page.evaluate(() => document.activeElement?.closest("[data-comment-id]")?.textContent ?? null);

test("keyboard only: Tab to paragraph 3, open its discussion, select a passage by keys, comment on it, post, and focus is on the new comment", async ({ browser }) => {
  const ada = await newMember(browser, "Ada Instructor");
  const kim = await newMember(browser, "Kim Keyboard");
  const seminar = await seminarWith(ada, [kim]);
  await kim.room.goto(seminar, kim.who.name);
  const { page, room } = kim;

  // From the top of the page, Tab only. Paragraphs 1 and 2 cost one stop each.
  const visited = await room.pressUntilFocused(room.paragraphText(3));
  const rows = visited.filter((v) => /^p-\d+ /.test(v));
  expect(rows).toEqual(["p-1 p.paragraph-text", "p-2 p.paragraph-text", "p-3 p.paragraph-text"]);
  test.info().annotations.push({ type: "Tab presses from the top to paragraph 3", description: String(visited.length) });

  // Right arrow reaches the margin, Enter opens the discussion, Escape closes it and returns to the margin.
  await page.keyboard.press("ArrowRight");
  await expect(room.margin(3)).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(room.panel.getByRole("heading", { name: "Paragraph 3", exact: true })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(room.panel).toBeHidden();
  await expect(room.margin(3)).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await expect(room.paragraphText(3)).toBeFocused();

  // Enter starts selecting at the first word, announced; Right moves to the next word; Shift+Right extends.
  await page.keyboard.press("Enter");
  const first = await room.wordsOf(3, 0, 0);
  expect(await room.selectedText()).toBe(first);
  await expect(room.announcer).toContainText(`Selecting in paragraph 3.`);
  await expect(room.announcer).toContainText(`“${first}”`);
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Shift+ArrowRight");
  await page.keyboard.press("Shift+ArrowRight");
  const passage = await room.wordsOf(3, 1, 3);
  expect(await room.selectedText()).toBe(passage);
  await expect(room.announcer).toHaveText(`“${passage}”`);
  await expect(room.paragraphText(3)).toBeFocused();
  // The room sees it as a selected passage, as it would a mouse selection.
  await expect(room.paragraph(3).getByRole("button", { name: "Comment on this passage" })).toBeVisible();

  // C comments on it: the composer opens on the passage, focused.
  await page.keyboard.press("c");
  await expect(room.passageBox()).toBeFocused();
  await expect(room.panel.locator(".draft-passage")).toContainText(passage);
  const body = "Chosen and sent without a mouse.";
  await page.keyboard.type(body);
  await page.keyboard.press("Control+Enter");

  // Focus lands on the new comment, and "Posted" is announced.
  await expect(room.comment(body)).toBeFocused();
  expect(await focusedComment(page)).toContain(body);
  await expect(room.announcer).toHaveText("Posted.");
  await expect(room.thread(body).locator(".thread-quote")).toContainText(passage);
  await closeAll(ada, kim);
});

test("after Start thread or Reply focus goes to the new comment, not to the top of the page, and Posted is announced each time", async ({ browser }) => {
  const ada = await newMember(browser, "Ada Instructor");
  const ann = await newMember(browser, "Ann Student");
  const seminar = await seminarWith(ada, [ann]);
  await ann.room.goto(seminar, ann.who.name);
  const { page, room } = ann;

  await room.startThread(7, "A thread started with the button.");
  await expect(room.comment("A thread started with the button.")).toBeFocused();
  await expect(room.announcer).toHaveText("Posted.");

  await room.reply(room.thread("A thread started with the button."), 7, "A reply sent with the button.");
  await expect(room.comment("A reply sent with the button.")).toBeFocused();
  expect(await focusedComment(page)).toContain("A reply sent with the button.");
  // The same words again are read out again (the live region's text changes).
  await expect(room.announcer).toHaveText("Posted.");
  await closeAll(ada, ann);
});

test("while selecting: Down selects a sentence, Shift+Left shrinks, Escape stops and clears; Enter comments without single keys", async ({ browser }) => {
  const ada = await newMember(browser, "Ada Instructor");
  const ann = await newMember(browser, "Ann Student");
  const seminar = await seminarWith(ada, [ann]);
  await ann.room.goto(seminar, ann.who.name);
  const { page, room } = ann;

  await room.paragraphText(5).focus();
  await page.keyboard.press("Enter");
  await page.keyboard.press("ArrowDown");
  const sentence = await room.selectedText();
  // The whole first sentence: from the first word to the end of a sentence.
  expect(sentence.startsWith(await room.wordsOf(5, 0, 0))).toBe(true);
  const text = (await room.paragraph(5).locator(".paragraph-body").textContent()) ?? "";
  const after = text.slice(text.indexOf(sentence) + sentence.length);
  expect(after).toMatch(/^[.!?…"”’)\]]\s+\S/);
  await expect(room.announcer).toHaveText(`“${sentence}”`);

  await page.keyboard.press("Home");
  await page.keyboard.press("Shift+End");
  await page.keyboard.press("Shift+ArrowLeft");
  expect((await room.selectedText()).length).toBeLessThan(text.trim().length);

  await page.keyboard.press("Escape");
  await expect(room.announcer).toHaveText("Stopped selecting.");
  expect(await room.selectedText()).toBe("");
  await expect(room.paragraphText(5)).toBeFocused();
  await expect(room.paragraph(5)).not.toHaveClass(/paragraph-entered/);

  // Enter comments on the passage being selected: not a single-key shortcut, so always on.
  await page.keyboard.press("Enter");
  await page.keyboard.press("Shift+ArrowRight");
  const passage = await room.wordsOf(5, 0, 1);
  await page.keyboard.press("Enter");
  await expect(room.passageBox()).toBeFocused();
  await expect(room.panel.locator(".draft-passage")).toContainText(passage);
  await closeAll(ada, ann);
});

test("? opens the keyboard help, listing every key; single-key shortcuts turn off there, stay off after a reload, and never act in a field", async ({ browser }) => {
  const ada = await newMember(browser, "Ada Instructor");
  const ann = await newMember(browser, "Ann Student");
  const seminar = await seminarWith(ada, [ann]);
  await ann.room.goto(seminar, ann.who.name);
  const { page, room } = ann;

  // In a field, ? is text: the filter keeps focus and no dialog opens.
  await room.filter.focus();
  await page.keyboard.press("?");
  await expect(room.keyboardHelp()).toBeHidden();

  await room.paragraphText(2).focus();
  await page.keyboard.press("?");
  const help = room.keyboardHelp();
  await expect(help).toBeVisible();
  for (const key of ["Tab, Shift+Tab", "Enter", "Right arrow", "Left, Right arrow", "Shift+Left, Shift+Right", "Up, Down arrow (or Ctrl+Left, Ctrl+Right)", "Shift+Up, Shift+Down", "Escape", "?", "C", "Ctrl+Enter (⌘+Enter)", "@"]) {
    await expect(help.locator("kbd").filter({ hasText: key }).first()).toBeVisible();
  }
  const toggle = help.getByRole("switch", { name: "Single-key shortcuts (? and C)" });
  await expect(toggle).toBeChecked();
  expect(await axeProblems(page, "[data-testid=keyboard-help]")).toEqual([]);
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();
  await expect(room.paragraphText(2)).toBeFocused();

  // Off: ? and C do nothing in the reading; the visible button still opens the help.
  await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
  await help.getByRole("switch", { name: "Single-key shortcuts (? and C)" }).uncheck();
  await help.getByRole("button", { name: "Close" }).click();
  await expect(help).toBeHidden();
  await room.paragraphText(2).focus();
  await page.keyboard.press("?");
  await page.keyboard.press("Enter");
  await page.keyboard.press("c");
  await expect(help).toBeHidden();
  await expect(room.panel).toBeHidden();
  expect(await room.selectedText()).toBe(await room.wordsOf(2, 0, 0));

  // Remembered on this browser.
  await room.goto(seminar, ann.who.name);
  await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
  await expect(help.getByRole("switch", { name: "Single-key shortcuts (? and C)" })).not.toBeChecked();
  await closeAll(ada, ann);
});

test("a paragraph is one Tab stop, passages in it too; the margin's counts have a legend and a name containing them, the + is visible, thread cards show focus", async ({ browser }) => {
  const ada = await newMember(browser, "Ada Instructor");
  const ann = await newMember(browser, "Ann Student");
  const seminar = await seminarWith(ada, [ann]);
  await ann.room.goto(seminar, ann.who.name);
  const { page, room } = ann;
  await room.startThread(3, "One thread on the third paragraph.");
  await expect(room.comment("One thread on the third paragraph.")).toBeFocused();
  await room.panel.getByRole("button", { name: "Close the discussion panel" }).click();
  // A passage with a discussion in paragraph 2: it is not a Tab stop of its own (its threads are
  // in the paragraph's discussion), so paragraph 2 still costs one stop.
  await room.selectWords(2, 1, 3);
  await page.getByRole("button", { name: "Comment on this passage" }).click();
  await room.panel.getByRole("textbox", { name: "Your comment on the passage" }).fill("On a passage of the second paragraph.");
  await room.panel.getByRole("button", { name: "Start thread" }).click();
  await expect(room.comment("On a passage of the second paragraph.")).toBeFocused();
  await room.panel.getByRole("button", { name: "Close the discussion panel" }).click();
  await expect(room.paragraph(2).locator("mark.passage")).toHaveCount(1);

  await room.paragraphText(2).focus();
  await page.keyboard.press("Tab");
  await expect(room.paragraphText(3)).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(room.paragraphText(4)).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(room.paragraphText(3)).toBeFocused();

  // The margin: visible "1 · 1", named with those numbers in words, and explained above the reading.
  await expect(room.margin(3)).toHaveAccessibleName("Paragraph 3: 1 thread, 1 comment. Open the discussion.");
  await expect(room.margin(3).locator(".margin-threads")).toHaveText("1");
  await expect(room.margin(3).locator(".margin-comments")).toHaveText("1");
  await expect(room.page.getByTestId("margin-legend")).toHaveText("1 · 2 in the margin = threads · comments");
  const axe = await new AxeBuilder({ page }).include(".paragraphs").withRules(["label-content-name-mismatch"]).analyze();
  expect([...axe.passes, ...axe.inapplicable].map((r) => r.id)).toContain("label-content-name-mismatch");
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
  expect(await axeProblems(page, ".room-tools")).toEqual([]);
  expect(await axeProblems(page, ".paragraph-margin")).toEqual([]);

  // The + of an empty paragraph: at least 3:1 against its background, at rest, in both schemes.
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const plus = await room.margin(4).evaluate((el) => {
      const s = getComputedStyle(el);
      let bg = "rgb(255, 255, 255)";
      for (let e: Element | null = el; e; e = e.parentElement) {
        const c = getComputedStyle(e).backgroundColor;
        if (c !== "rgba(0, 0, 0, 0)" && c !== "transparent") {
          bg = c;
          break;
        }
      }
      return { color: s.color, opacity: Number(s.opacity), bg };
    });
    expect(plus.opacity).toBe(1);
    expect(contrast(plus.color, plus.bg), `${colorScheme}: ${plus.color} on ${plus.bg}`).toBeGreaterThanOrEqual(3);
  }
  await page.emulateMedia({ colorScheme: "light" });

  // A thread card reached by Tab shows a focus outline.
  await room.openMargin(3);
  const card = room.thread("One thread on the third paragraph.");
  await room.pressUntilFocused(card, { limit: 10 });
  const outline = await card.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe("none");
  await closeAll(ada, ann);
});
