// The seminar room's live discussion, seen from several members' browsers at once: threads on a
// paragraph and on a selected passage, replies, resolve, reactions, edit and delete, filters and
// shading, the keyboard path and the screen-reader announcement, and XSS payloads in comments.
import { expect, test, type Page, type WebSocketRoute } from "@playwright/test";
import { XSS_VECTORS } from "../fixtures/xss-vectors";
import { newMember, seminarWith, type Member } from "./pages/room";

// Several contexts sign up and load the room per test: more than the default 30 s.
test.describe.configure({ timeout: 120_000 });

async function closeAll(...members: Member[]) {
  for (const m of members) await m.context.close();
}

/**
 * Routes the page's Socket.IO connection through the test, so that the room's next write event
 * (the room writes over its socket, lib/client/room-writes.ts) can be held. Call before the room loads.
 */
async function holdableWrites(page: Page) {
  let holding: { event: string; queued: Array<{ m: string; to: WebSocketRoute }>; onHeld: () => void } | null = null;
  // The page may hold several sockets (the room's, the notifications'): each goes to its own server.
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    const toServer = ws.connectToServer();
    ws.onMessage((m) => {
      // A Socket.IO event with an ack is `42<ackId>["event",…]`.
      if (holding && typeof m === "string" && /^42\d*\[/.test(m) && m.includes(`["${holding.event}"`)) {
        holding.queued.push({ m, to: toServer });
        holding.onHeld();
        return;
      }
      toServer.send(m);
    });
  });
  return {
    /** Holds the next `event` the page sends until release() is called. */
    hold(event: string) {
      let onHeld!: () => void;
      const held = new Promise<void>((resolve) => (onHeld = resolve));
      holding = { event, queued: [], onHeld };
      return {
        held,
        release: async () => {
          const h = holding!;
          holding = null;
          for (const { m, to } of h.queued) to.send(m);
        },
      };
    },
  };
}

test("two students and an instructor: threads on a paragraph and a passage, a reply and a resolve reach everyone live", async ({ browser }) => {
  const ada = await newMember(browser, "Ada Instructor");
  const ann = await newMember(browser, "Ann Student");
  const bob = await newMember(browser, "Bob Student");
  const seminar = await seminarWith(ada, [ann, bob]);
  const annWrites = await holdableWrites(ann.page);
  for (const m of [ada, ann, bob]) await m.room.goto(seminar, m.who.name);
  await bob.room.expectMargin(7, 0, 0);

  // Ann opens paragraph 7's margin and starts a thread with Ctrl+Enter. Her comment shows as
  // "Sending…" while the write is in flight (held here), then "Sent".
  const first = "The Far Eastern Army was a state within the state.";
  await ann.room.openMargin(7);
  const post = annWrites.hold("thread:create");
  await ann.room.newThreadBox(7).fill(first);
  await ann.room.newThreadBox(7).press("Control+Enter");
  await post.held;
  await expect(ann.room.panel.locator(".comment-pending").filter({ hasText: first })).toContainText("Sending…");
  await expect(ann.room.newThreadBox(7)).toHaveValue("");
  await post.release();
  await expect(ann.room.comment(first)).toContainText("Sent");
  await expect(ann.room.panel.getByText("Sending…")).toHaveCount(0);
  await expect(ann.room.comment(first)).toHaveCount(1);

  // Bob sees paragraph 7's margin change to one thread without a reload, and the thread in the panel.
  await bob.room.expectMargin(7, 1, 1);
  await expect(bob.room.margin(7).locator(".margin-threads")).toHaveText("1");
  await bob.room.openMargin(7);
  await expect(bob.room.thread(first)).toBeVisible();
  await expect(bob.room.thread(first)).toContainText("Ann Student");
  await expect(bob.room.thread(first).getByTestId("thread-state")).toHaveText("Open");

  // Ann selects a passage inside paragraph 12 and comments on it.
  const exact = await ann.room.selectWords(12, 3, 5);
  expect(exact.split(/\s+/)).toHaveLength(5);
  const onPassage = ann.room.paragraph(12).getByRole("button", { name: "Comment on this passage" });
  await expect(onPassage).toBeVisible();
  await onPassage.click();
  await expect(ann.room.panel.getByRole("heading", { name: "Paragraph 12", exact: true })).toBeVisible();
  await expect(ann.room.panel.locator(".draft-passage")).toContainText(exact);
  await expect(ann.room.passageBox()).toBeFocused();
  const second = "Thirty divisions: where did this figure come from?";
  await ann.room.passageBox().fill(second);
  await ann.room.panel.getByRole("button", { name: "Start thread" }).click();
  await expect(ann.room.comment(second)).toContainText("Sent");
  await expect(ann.room.paragraph(12).locator("mark.passage")).toHaveText(exact);

  // Bob sees the passage highlighted and the margin count, live.
  await expect(bob.room.paragraph(12).locator("mark.passage")).toHaveText(exact);
  await bob.room.expectMargin(12, 1, 1);
  await bob.room.expectMargin(7, 1, 1);

  // Bob replies to Ann's thread on paragraph 7; Ann sees the reply.
  const reply = "Compare Tukhachevsky's reorganisation in the 1930s.";
  await bob.room.reply(bob.room.thread(first), 7, reply);
  await expect(bob.room.comment(reply)).toContainText("Sent");
  await ann.room.expectMargin(7, 1, 2);
  await ann.room.openMargin(7);
  await expect(ann.room.thread(first).locator("[data-comment-id]")).toHaveCount(2);
  await expect(ann.room.comment(reply)).toContainText("Bob Student");

  // The instructor resolves the thread; both students see it resolved.
  await ada.room.expectMargin(7, 1, 2);
  await ada.room.openMargin(7);
  await ada.room.thread(first).getByRole("button", { name: "Resolve" }).click();
  await expect(ada.room.thread(first).getByTestId("thread-state")).toHaveText("Resolved");
  await expect(ada.room.thread(first).getByRole("button", { name: "Reopen" })).toBeVisible();
  await expect(ann.room.thread(first).getByTestId("thread-state")).toHaveText("Resolved");
  await expect(bob.room.thread(first).getByTestId("thread-state")).toHaveText("Resolved");

  // A reload shows the same discussion from the server: nothing lost, nothing doubled.
  await bob.room.goto(seminar, bob.who.name);
  await bob.room.expectMargin(7, 1, 2);
  await bob.room.expectMargin(12, 1, 1);
  await expect(bob.room.paragraph(12).locator("mark.passage")).toHaveText(exact);
  await bob.room.openMargin(7);
  await expect(bob.room.thread(first).getByTestId("thread-state")).toHaveText("Resolved");
  await closeAll(ada, ann, bob);
});

test("comments carrying XSS payloads render as inert text on another member's page", async ({ browser }) => {
  const ada = await newMember(browser, "Ada Instructor");
  const eve = await newMember(browser, "Eve Student");
  const seminar = await seminarWith(ada, [eve]);
  // Any alert()/confirm()/prompt() that runs (the fixture's payloads call alert) sets the flag too.
  for (const m of [ada, eve]) {
    await m.context.addInitScript(() => {
      const flag = () => {
        (window as unknown as { __xss?: number }).__xss = 1;
        return null;
      };
      window.alert = flag;
      window.confirm = () => !!flag();
      window.prompt = flag;
    });
  }
  const flag = (page: Page) => page.evaluate(() => (window as unknown as { __xss?: number }).__xss);
  for (const m of [ada, eve]) await m.room.goto(seminar, m.who.name);

  const probe = [
    "XSS probe: none of this may run.",
    '<img src=x onerror="window.__xss=1">',
    "[click me](javascript:window.__xss=1)",
    "<svg onload=window.__xss=1>",
    "<script>window.__xss=1</script>",
    '<a href="javascript:window.__xss=1">raw link</a>',
    "<javascript:window.__xss=1>",
    '<details open ontoggle="window.__xss=1">x</details>',
    "[a safe link](https://example.org/reading)",
  ].join("\n\n");
  const vectors = XSS_VECTORS.filter((v) => !v.includes("\0")); // NUL is refused with a 400
  const everything = ["Known vectors follow.", ...vectors].join("\n\n");

  // Eve previews the probe (the same renderer, in her browser), then posts it and the fixture list.
  await eve.room.openMargin(4);
  await eve.room.newThreadBox(4).fill(probe);
  await eve.room.panel.getByRole("tab", { name: "Preview" }).click();
  await expect(eve.room.panel.locator(".composer-preview")).toContainText("XSS probe");
  expect(await flag(eve.page)).toBeUndefined();
  await eve.room.panel.getByRole("tab", { name: "Write" }).click();
  await eve.room.panel.getByRole("button", { name: "Start thread" }).click();
  await expect(eve.room.comment("XSS probe")).toContainText("Sent");
  await eve.room.reply(eve.room.thread("XSS probe"), 4, everything);
  await expect(eve.room.comment("Known vectors follow.")).toContainText("Sent");

  // The instructor sees both comments live, as text, and nothing ran.
  await ada.room.expectMargin(4, 1, 2);
  await ada.room.openMargin(4);
  const shown = ada.room.comment("XSS probe");
  await expect(shown).toContainText('<img src=x onerror="window.__xss=1">');
  await expect(shown).toContainText("<svg onload=window.__xss=1>");
  await expect(shown).toContainText("[click me](javascript:window.__xss=1)");
  await expect(ada.room.comment("Known vectors follow.")).toContainText("<script>alert(1)</script>");
  const bodies = ada.room.panel.locator(".comment-body");
  await expect(bodies.locator("script, img, svg, iframe, object, embed, details, style, form, input, math")).toHaveCount(0);
  expect(await flag(ada.page)).toBeUndefined();

  // Every rendered link resolves to http(s) and has the safe rel; clicking each runs nothing here.
  const links = bodies.getByRole("link");
  const count = await links.count();
  expect(count).toBeGreaterThan(0); // the safe link at least
  for (let i = 0; i < count; i++) {
    const link = links.nth(i);
    expect(await link.evaluate((a) => new URL((a as HTMLAnchorElement).href).protocol)).toMatch(/^https?:$/);
    await expect(link).toHaveAttribute("rel", "nofollow ugc noopener");
    const popup = ada.page.waitForEvent("popup", { timeout: 5_000 }).catch(() => null);
    await link.click();
    await (await popup)?.close();
    expect(await flag(ada.page)).toBeUndefined();
  }
  // No element in the rendered bodies carries a handler or a style that a hover could fire.
  const risky = await bodies.evaluateAll((els) =>
    els.flatMap((el) => [...el.querySelectorAll("*")].flatMap((x) => [...x.attributes].filter((a) => /^on|^style$|^src$/i.test(a.name)).map((a) => `<${x.localName} ${a.name}>`))),
  );
  expect(risky).toEqual([]);

  // The server-rendered page (a reload) is as inert as the live one.
  await ada.room.goto(seminar, ada.who.name);
  await ada.room.openMargin(4);
  await expect(ada.room.comment("XSS probe")).toContainText("onerror");
  expect(await flag(ada.page)).toBeUndefined();
  expect(await flag(eve.page)).toBeUndefined();
  await closeAll(ada, eve);
});

test("from the keyboard: Enter on a margin opens the panel, Ctrl+Enter sends, and another member's live region announces it", async ({ browser }) => {
  const ada = await newMember(browser, "Ada Instructor");
  const kim = await newMember(browser, "Kim Keyboard");
  const lee = await newMember(browser, "Lee Listener");
  const seminar = await seminarWith(ada, [kim, lee]);
  for (const m of [ada, kim, lee]) await m.room.goto(seminar, m.who.name);
  const { page } = kim;

  // Paragraph 7's text is its one Tab stop; Right arrow reaches its margin button; Enter opens the panel.
  await kim.room.paragraphText(6).focus();
  await page.keyboard.press("Tab");
  await expect(kim.room.paragraphText(7)).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(kim.room.margin(7)).toBeFocused();
  await expect(kim.room.margin(7)).toHaveAttribute("aria-expanded", "false");
  await page.keyboard.press("Enter");
  await expect(kim.room.panel.getByRole("heading", { name: "Paragraph 7", exact: true })).toBeVisible();
  await expect(kim.room.margin(7)).toHaveAttribute("aria-expanded", "true");

  // Tab on into the panel's composer (the panel follows the reading in the tab order).
  const box = kim.room.newThreadBox(7);
  let presses = 0;
  while (!(await box.evaluate((el) => el === document.activeElement)) && presses < 80) {
    await page.keyboard.press("Tab");
    presses++;
  }
  await expect(box).toBeFocused();
  test.info().annotations.push({ type: "tab presses from margin 7 to the composer", description: String(presses) });

  const body = "Typed without a mouse: the **whole** paragraph is about the Kwantung Army.";
  await page.keyboard.type(body);
  await page.keyboard.press("Control+Enter");
  await expect(box).toHaveValue("");
  await expect(kim.room.comment("Typed without a mouse")).toContainText("Sent");
  await expect(kim.room.comment("Typed without a mouse").locator("strong")).toHaveText("whole");

  // The other members' pages announce the new thread in their ARIA live region.
  await expect(lee.room.announcer).toHaveAttribute("aria-live", "polite");
  await expect(lee.room.announcer).toContainText("Kim Keyboard");
  await expect(lee.room.announcer).toHaveText("Kim Keyboard posted a new thread on paragraph 7.");
  await expect(ada.room.announcer).toContainText("Kim Keyboard");
  await lee.room.expectMargin(7, 1, 1);

  // A reply is announced too.
  await lee.room.openMargin(7);
  await lee.room.reply(lee.room.thread("Typed without a mouse"), 7, "Heard you.");
  await expect(kim.room.announcer).toHaveText("Lee Listener posted a new reply.");
  await closeAll(ada, kim, lee);
});

test("reactions, editing and deleting reach the other student live", async ({ browser }) => {
  const ada = await newMember(browser, "Ada Instructor");
  const ann = await newMember(browser, "Ann Student");
  const bob = await newMember(browser, "Bob Student");
  const seminar = await seminarWith(ada, [ann, bob]);
  for (const m of [ann, bob]) await m.room.goto(seminar, m.who.name);

  const original = "Window dressing, or real integration?";
  await ann.room.startThread(3, original);
  await expect(ann.room.comment(original)).toContainText("Sent");
  const id = await ann.room.comment(original).getAttribute("data-comment-id");
  expect(id).toBeTruthy();
  const annSees = ann.room.panel.locator(`[data-comment-id="${id}"]`);
  const bobSees = bob.room.panel.locator(`[data-comment-id="${id}"]`);

  // Bob agrees; Ann sees the count and who.
  await bob.room.openMargin(3);
  const agree = bobSees.getByRole("button", { name: /^Agree/ });
  await expect(agree).toHaveAttribute("aria-pressed", "false");
  await agree.click();
  await expect(agree).toHaveAttribute("aria-pressed", "true");
  await expect(agree).toHaveAccessibleName("Agree, 1 (Bob Student)");
  const annAgree = annSees.getByRole("button", { name: /^Agree/ });
  await expect(annAgree).toHaveAccessibleName("Agree, 1 (Bob Student)");
  await expect(annAgree.locator(".reaction-count")).toHaveText("1");
  await expect(annAgree).toHaveAttribute("aria-pressed", "false");
  // Students cannot edit or delete someone else's comment.
  await expect(bobSees.getByRole("button", { name: "Edit" })).toHaveCount(0);
  await expect(bobSees.getByRole("button", { name: "Delete" })).toHaveCount(0);

  // Ann edits her comment; Bob sees the new text marked "(edited)", with the reaction kept.
  const edited = "Window dressing, mostly: see the 70 per cent figure.";
  await annSees.getByRole("button", { name: "Edit" }).click();
  const editBox = annSees.getByLabel("Edit your comment", { exact: true });
  await expect(editBox).toHaveValue(original);
  await editBox.fill(edited);
  await annSees.getByRole("button", { name: "Save" }).click();
  await expect(annSees).toContainText("(edited)");
  await expect(bobSees).toContainText(edited);
  await expect(bobSees).toContainText("(edited)");
  await expect(bobSees).not.toContainText(original);
  await expect(bobSees.getByRole("button", { name: /^Agree/ })).toHaveAccessibleName("Agree, 1 (Bob Student)");

  // Bob replies; Ann deletes her opening comment; Bob sees a placeholder with his reply after it.
  const reply = "The figure is from the Chinese press, so take it with salt.";
  await bob.room.reply(bob.room.thread(edited), 3, reply);
  await expect(ann.room.panel.locator("[data-comment-id]")).toHaveCount(2);
  ann.page.once("dialog", (d) => {
    expect(d.type()).toBe("confirm");
    expect(d.message()).toBe("Delete this comment? Replies after it stay.");
    void d.accept();
  });
  await annSees.getByRole("button", { name: "Delete" }).click();
  await expect(annSees).toHaveText("[deleted]");
  await expect(bobSees).toHaveText("[deleted]");
  await expect(bob.room.comment(reply)).toBeVisible();
  await expect(bob.room.panel.locator("[data-comment-id]")).toHaveCount(2);
  await expect(bob.room.panel.getByText(edited)).toHaveCount(0);
  await bob.room.expectMargin(3, 1, 1);

  // A reload agrees: the placeholder stays where a reply follows it, the body is gone.
  await bob.room.goto(seminar, bob.who.name);
  await bob.room.openMargin(3);
  await expect(bobSees).toHaveText("[deleted]");
  await expect(bob.room.comment(reply)).toBeVisible();
  await expect(bob.page.getByText(edited)).toHaveCount(0);
  await closeAll(ada, ann, bob);
});

test("filters hide threads from the margin, and shading marks paragraphs by how much they are discussed", async ({ browser }) => {
  const ada = await newMember(browser, "Ada Instructor");
  const ann = await newMember(browser, "Ann Student");
  const bob = await newMember(browser, "Bob Student");
  const seminar = await seminarWith(ada, [ann, bob]);
  for (const m of [ada, ann, bob]) await m.room.goto(seminar, m.who.name);

  // Paragraph 2: one thread, resolved. Paragraph 5: an open question with a reply. Paragraph 9: Bob's note.
  await ann.room.startThread(2, "Korea as the impulse: agreed.");
  await expect(ann.room.comment("Korea as the impulse")).toContainText("Sent");
  await ann.room.startThread(5, "How much of this aid actually arrived?");
  await expect(ann.room.comment("How much of this aid")).toContainText("Sent");
  await bob.room.startThread(9, "Moscow's scepticism deserves a closer look.");
  await expect(bob.room.comment("Moscow's scepticism")).toContainText("Sent");
  await bob.room.openMargin(5);
  await bob.room.reply(bob.room.thread("How much of this aid"), 5, "Less than announced, I suspect.");
  await expect(bob.room.comment("Less than announced")).toContainText("Sent");
  await ada.room.expectMargin(2, 1, 1);
  await ada.room.openMargin(2);
  await ada.room.thread("Korea as the impulse").getByRole("button", { name: "Resolve" }).click();
  await expect(bob.room.margin(5)).toHaveAccessibleName(/, 1 open question\./);
  await expect(bob.room.margin(5).locator(".margin-question")).toBeVisible();

  // All threads (the default).
  const { room } = bob;
  await expect(room.filter).toHaveValue("all");
  await room.expectMargin(2, 1, 1);
  await room.expectMargin(5, 1, 2);
  await room.expectMargin(9, 1, 1);

  // Unresolved: paragraph 2's resolved thread no longer counts, in the margin or the panel.
  await room.filter.selectOption({ label: "Unresolved" });
  await room.expectMargin(2, 0, 0);
  await expect(room.margin(2)).not.toContainText("1");
  await room.expectMargin(5, 1, 2);
  await room.expectMargin(9, 1, 1);
  await room.openMargin(2);
  await expect(room.panel.getByText("No discussion here yet.")).toBeVisible();
  await expect(room.thread("Korea as the impulse")).toHaveCount(0);

  // Questions: only paragraph 5's.
  await room.filter.selectOption({ label: "Questions" });
  await room.expectMargin(2, 0, 0);
  await room.expectMargin(5, 1, 2);
  await room.expectMargin(9, 0, 0);

  // Mine: the threads Bob wrote in (his reply on 5, his note on 9).
  await room.filter.selectOption({ label: "Mine" });
  await room.expectMargin(2, 0, 0);
  await room.expectMargin(5, 1, 2);
  await room.expectMargin(9, 1, 1);

  await room.filter.selectOption({ label: "All threads" });
  await room.expectMargin(2, 1, 1);

  // Shading: off by default; on, each paragraph carries --heat relative to the busiest one.
  const heat = (n: number) => room.paragraph(n).evaluate((el) => (el as HTMLElement).style.getPropertyValue("--heat").trim());
  expect(await heat(5)).toBe("");
  await expect(room.heatToggle).not.toBeChecked();
  await room.heatToggle.check();
  await expect.poll(() => heat(5)).toBe("1.00");
  expect(await heat(2)).toBe("0.50");
  expect(await heat(9)).toBe("0.50");
  expect(await heat(1)).toBe("0.00");
  // The shading follows new discussion live.
  await ann.room.startThread(1, "One more on the opening paragraph.");
  await expect.poll(() => heat(1)).toBe("0.50");
  await room.heatToggle.uncheck();
  await expect.poll(() => heat(5)).toBe("");
  await closeAll(ada, ann, bob);
});
