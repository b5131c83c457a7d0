import { expect, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from "@playwright/test";
import { person, signUpHere, type Person } from "./accounts";
import { SAME_ORIGIN } from "./same-origin";

/** A member of a seminar in a browser context of their own, signed in. */
export interface Member {
  who: Person;
  context: BrowserContext;
  page: Page;
  room: RoomPage;
}

/** Options: the kind of browser (a phone, a locale), e.g. PHONE from ./phone. */
export async function newMember(browser: Browser, name: string, options: BrowserContextOptions = {}): Promise<Member> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const who = person(name);
  await page.goto("/signup");
  // The sign-up form is a client component with no method: submitted before React hydrates it,
  // the browser sends it as a GET (credentials in the URL) and the test stalls. Wait for hydration.
  await page.waitForFunction(() => {
    const form = document.querySelector("form");
    return !!form && Object.keys(form).some((k) => k.startsWith("__reactProps$"));
  });
  await signUpHere(page, who);
  return { who, context, page, room: new RoomPage(page) };
}

/**
 * Sets up a seminar over the API: the instructor creates it on the sample reading, the others
 * join with its code. Returns the seminar's id.
 */
export async function seminarWith(instructor: Member, students: Member[], title = "Week 4: the Far Eastern Army"): Promise<string> {
  const readings = await (await instructor.page.request.get("/api/v1/readings")).json();
  const created = await instructor.page.request.post("/api/v1/seminars", { headers: SAME_ORIGIN, data: { title, readingId: readings.readings[0].id } });
  expect(created.status()).toBe(201);
  const seminar = await created.json();
  for (const s of students) expect((await s.page.request.post("/api/v1/join", { headers: SAME_ORIGIN, data: { code: seminar.joinCode } })).status()).toBe(200);
  return seminar.id as string;
}

/** The seminar room: the reading with its discussion margin, the thread panel, the live region. */
export class RoomPage {
  readonly panel: Locator;
  readonly announcer: Locator;
  readonly presence: Locator;
  readonly filter: Locator;
  readonly heatToggle: Locator;
  /** What the live region announces: Everything / Mentions and my threads / Nothing. */
  readonly announceSetting: Locator;
  /** Pauses the live feed (a toggle: aria-pressed); "Show N new" resumes it. */
  readonly pauseButton: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByTestId("thread-panel");
    this.announcer = page.getByTestId("announcer");
    this.presence = page.getByTestId("presence");
    this.filter = page.getByLabel("Which threads to show");
    this.heatToggle = page.getByLabel("Shade by discussion");
    this.announceSetting = page.getByLabel("Announce", { exact: true });
    this.pauseButton = page.getByRole("button", { name: "Pause live feed" });
  }

  /**
   * Opens the room and waits until its socket has joined (the presence list shows you).
   * `timeout` overrides expect's for the waits (scripts outside the test runner get 5 s).
   */
  async goto(seminarId: string, you: string, { timeout }: { timeout?: number } = {}) {
    await this.page.goto(`/seminars/${seminarId}`, { timeout });
    await expect(this.page.getByRole("status").filter({ hasText: /^Live$/ })).toBeVisible({ timeout });
    await expect(this.presence).toContainText(`${you} (you)`, { timeout });
  }

  paragraph(n: number): Locator {
    return this.page.locator(`#p-${n}`);
  }

  /** Paragraph n's text: the paragraph's one Tab stop, where Enter starts a keyboard selection. */
  paragraphText(n: number): Locator {
    return this.paragraph(n).locator(".paragraph-text");
  }

  /** The keyboard help dialog (? in the reading, or the "Keyboard shortcuts" button). */
  keyboardHelp(): Locator {
    return this.page.getByRole("dialog", { name: "Keyboard shortcuts" });
  }

  /** The page's text selection, as a reader sees it highlighted. */
  selectedText(): Promise<string> {
    return this.page.evaluate(() => window.getSelection()?.toString() ?? "");
  }

  /** Paragraph n's text from its word `from` to its word `to` (0-based, as the browser segments words). */
  wordsOf(n: number, from: number, to: number): Promise<string> {
    return this.paragraph(n)
      .locator(".paragraph-body")
      .evaluate(
        (el, [from, to]) => {
          const text = el.textContent ?? "";
          const words = [...new Intl.Segmenter(undefined, { granularity: "word" }).segment(text)].filter((s) => s.isWordLike);
          return text.slice(words[from].index, words[to].index + words[to].segment.length);
        },
        [from, to],
      );
  }

  /**
   * Presses `key` (Tab) until `target` has focus, at most `limit` times. Returns what had focus
   * after each press (its test id, or its tag and class), for tests that count Tab stops.
   */
  async pressUntilFocused(target: Locator, { key = "Tab", limit = 80 } = {}): Promise<string[]> {
    const visited: string[] = [];
    while (!(await target.evaluate((el) => el === document.activeElement))) {
      if (visited.length >= limit) throw new Error(`no focus on the target after ${limit} × ${key}: ${visited.join(", ")}`);
      await this.page.keyboard.press(key);
      visited.push(
        await this.page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el) return "none";
          const row = el.closest<HTMLElement>("[data-paragraph-id]")?.id;
          return `${row ? `${row} ` : ""}${el.dataset.testid ?? `${el.tagName.toLowerCase()}.${el.className}`}`;
        }),
      );
    }
    return visited;
  }

  /** The margin button of paragraph n; its accessible name carries the counts. */
  margin(n: number): Locator {
    return this.page.getByTestId(`margin-${n}`);
  }

  async expectMargin(n: number, threads: number, comments: number) {
    const t = `${threads} thread${threads === 1 ? "" : "s"}`;
    const c = `${comments} comment${comments === 1 ? "" : "s"}`;
    await expect(this.margin(n)).toHaveAccessibleName(new RegExp(`^Paragraph ${n}: ${t}, ${c}[.,]`));
  }

  /** Opens paragraph n's panel and waits until its first page of threads is loaded (they load on demand). */
  async openMargin(n: number, { timeout }: { timeout?: number } = {}) {
    await this.margin(n).click({ timeout });
    await expect(this.panel.getByRole("heading", { name: `Paragraph ${n}`, exact: true })).toBeVisible({ timeout });
    await expect(this.panel).toHaveAttribute("data-status", /^(partial|complete)$/, { timeout });
  }

  /** The threads the open panel has in the page (a long list renders only those near its viewport). */
  threads(): Locator {
    return this.panel.locator("[data-thread-id]");
  }

  /** Shows the room's options that wait behind "More options" on phones (no-op on wider screens). */
  async showMoreOptions() {
    const toggle = this.page.getByRole("button", { name: "More options" });
    if ((await toggle.isVisible()) && (await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  }

  /** How many times the open panel has rendered (its data-render-count). */
  async panelRenders(): Promise<number> {
    return Number(await this.panel.getAttribute("data-render-count"));
  }

  /** How many times paragraph n's row has rendered. */
  async paragraphRenders(n: number): Promise<number> {
    return Number(await this.paragraph(n).getAttribute("data-render-count"));
  }

  /** Scrolls the open panel down, loading further pages, until a thread with `text` is in it. */
  async scrollPanelTo(text: string | RegExp) {
    await expect(async () => {
      await this.panel.locator(".thread-panel-body").evaluate((el) => el.scrollBy(0, el.clientHeight));
      await expect(this.thread(text)).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 30_000 });
  }

  /** The "Show N more replies" button of a long thread. */
  showMore(thread: Locator): Locator {
    return thread.getByRole("button", { name: /^Show \d+ more repl(y|ies)$/ });
  }

  /** Types a reply key by key without sending it (as a person types: typing signals go out). */
  async typeReply(thread: Locator, n: number, text: string) {
    await thread.locator("summary").getByText("Reply", { exact: true }).click();
    await thread.getByLabel(`Reply to the thread on paragraph ${n}`, { exact: true }).pressSequentially(text);
  }

  /** The composer for a new thread on the whole paragraph (the panel must be open on it). */
  newThreadBox(n: number): Locator {
    return this.panel.getByLabel(`Your comment on paragraph ${n}`, { exact: true });
  }

  passageBox(): Locator {
    return this.panel.getByLabel("Your comment on the passage", { exact: true });
  }

  async startThread(n: number, body: string) {
    await this.openMargin(n);
    await this.newThreadBox(n).fill(body);
    await this.panel.getByRole("button", { name: "Start thread" }).click();
  }

  /** Every thread shown in the open panel, in the order shown. */
  panelThreads(): Locator {
    return this.panel.locator("[data-thread-id]");
  }

  /** The id of a thread element (from panelThreads() or thread()). */
  threadIdOf(thread: Locator): Promise<string | null> {
    return thread.getAttribute("data-thread-id");
  }

  /** A thread in the open panel, by text that appears in it. */
  thread(text: string | RegExp): Locator {
    return this.panel.locator("[data-thread-id]").filter({ hasText: text });
  }

  /** A comment in the open panel, by text that appears in it. */
  comment(text: string | RegExp): Locator {
    return this.panel.locator("[data-comment-id]").filter({ hasText: text });
  }

  /** Deletes a comment (from comment()) with its Delete button, accepting the confirmation. */
  async deleteComment(comment: Locator) {
    this.page.once("dialog", (d) => void d.accept());
    await comment.getByRole("button", { name: "Delete" }).click();
  }

  async reply(thread: Locator, n: number, body: string) {
    // The reply composer sits in a <details>; its <summary> has no ARIA role.
    await thread.locator("summary").getByText("Reply", { exact: true }).click();
    await thread.getByLabel(`Reply to the thread on paragraph ${n}`, { exact: true }).fill(body);
    await thread.getByRole("button", { name: "Reply", exact: true }).click();
  }

  /**
   * Selects `words` words of paragraph n's text, starting at word `from` (0-based), the way a
   * reader drags over them, and returns the selected text.
   */
  async selectWords(n: number, from: number, words: number): Promise<string> {
    return this.page.evaluate(
      ({ n, from, words }) => {
        const body = document.querySelector(`#p-${n} .paragraph-body`);
        if (!body) throw new Error(`no paragraph ${n}`);
        const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
        const node = walker.nextNode() as Text | null;
        if (!node) throw new Error(`paragraph ${n} has no text`);
        const text = node.data;
        const spans = [...text.matchAll(/\S+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
        if (spans.length < from + words) throw new Error(`paragraph ${n} is too short`);
        const range = document.createRange();
        range.setStart(node, spans[from].start);
        range.setEnd(node, spans[from + words - 1].end);
        const sel = window.getSelection()!;
        sel.removeAllRanges();
        sel.addRange(range);
        document.dispatchEvent(new Event("selectionchange"));
        return range.toString();
      },
      { n, from, words },
    );
  }
}
