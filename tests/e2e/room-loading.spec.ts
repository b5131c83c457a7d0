// The room loads what is looked at and re-renders only what changed: the page arrives with the
// reading and a summary per paragraph; a paragraph's threads load when its panel opens (paged,
// virtualised); a live reply in another paragraph, or someone typing, does not render the open
// panel again (counted by its data-render-count); long threads show "Show N more".
import { expect, test, type APIRequestContext } from "@playwright/test";
import { newMember, seminarWith, type Member } from "./pages/room";
import { SAME_ORIGIN } from "./pages/same-origin";

test.describe.configure({ timeout: 180_000 });

async function closeAll(...members: Member[]) {
  for (const m of members) await m.context.close();
}

async function paragraphIds(m: Member, seminarId: string): Promise<string[]> {
  const seminar = await (await m.page.request.get(`/api/v1/seminars/${seminarId}`)).json();
  const reading = await (await m.page.request.get(`/api/v1/readings/${seminar.reading.id}`)).json();
  return (reading.paragraphs as { id: string }[]).map((p) => p.id);
}

async function post(request: APIRequestContext, url: string, data: unknown): Promise<{ id: string }> {
  const r = await request.post(url, { headers: SAME_ORIGIN, data });
  expect(r.status(), await r.text()).toBe(201);
  return r.json();
}

test("the room arrives with counts, not threads, and loads a paragraph's threads when its panel opens", async ({ browser }) => {
  const ada = await newMember(browser, "Ada Instructor");
  const ann = await newMember(browser, "Ann Student");
  const seminar = await seminarWith(ada, [ann]);
  const ps = await paragraphIds(ada, seminar);
  const deep = "A thread far down the reading, on paragraph 18.";
  const t = await post(ada.page.request, `/api/v1/seminars/${seminar}/threads`, { paragraphId: ps[17], body: deep });
  await post(ann.page.request, `/api/v1/threads/${t.id}/comments`, { body: "A reply to it." });

  // The page's HTML holds the counts, not the comments.
  const html = await (await ann.page.request.get(`/seminars/${seminar}`)).text();
  expect(html).not.toContain("far down the reading");

  const asked: string[] = [];
  ann.page.on("request", (r) => {
    if (r.url().includes(`/api/v1/seminars/${seminar}/threads`)) asked.push(new URL(r.url()).search);
  });
  await ann.room.goto(seminar, ann.who.name);
  await ann.room.expectMargin(18, 1, 2);
  expect(asked.filter((q) => q.includes("paragraph=18"))).toEqual([]);
  await ann.room.openMargin(18);
  await expect(ann.room.thread(deep)).toBeVisible();
  await expect(ann.room.comment("A reply to it.")).toBeVisible();
  expect(asked.filter((q) => q.includes("paragraph=18"))).toHaveLength(1);
  // Opening it again asks for nothing: the threads stay in the store, kept live.
  await ann.room.panel.getByRole("button", { name: "Close the discussion panel" }).click();
  await ann.room.openMargin(18);
  await expect(ann.room.thread(deep)).toBeVisible();
  expect(asked.filter((q) => q.includes("paragraph=18"))).toHaveLength(1);
  await closeAll(ada, ann);
});

test("a live reply in another paragraph, and someone typing, do not render the open panel again", async ({ browser }) => {
  const ada = await newMember(browser, "Ada Instructor");
  const ann = await newMember(browser, "Ann Student");
  const bob = await newMember(browser, "Bob Student");
  const seminar = await seminarWith(ada, [ann, bob]);
  const ps = await paragraphIds(ada, seminar);
  await post(ada.page.request, `/api/v1/seminars/${seminar}/threads`, { paragraphId: ps[0], body: "Paragraph one's thread." });
  const other = await post(ada.page.request, `/api/v1/seminars/${seminar}/threads`, { paragraphId: ps[1], body: "Paragraph two's thread." });
  for (const m of [ann, bob]) await m.room.goto(seminar, m.who.name);

  await ann.room.openMargin(1);
  await expect(ann.room.thread("Paragraph one's thread.")).toBeVisible();
  const panelBefore = await ann.room.panelRenders();
  const rowBefore = await ann.room.paragraphRenders(1);
  expect(panelBefore).toBeGreaterThan(0);

  // Bob replies on paragraph 2: Ann's margin for it counts the reply, her open panel does not render.
  await post(bob.page.request, `/api/v1/threads/${other.id}/comments`, { body: "Bob on paragraph two." });
  await ann.room.expectMargin(2, 1, 2);
  await expect(ann.room.announcer).toContainText("posted a new reply");
  expect(await ann.room.panelRenders()).toBe(panelBefore);
  expect(await ann.room.paragraphRenders(1)).toBe(rowBefore);

  // Bob types a reply on paragraph 1's thread: Ann sees it in the thread, the panel does not render.
  await bob.room.openMargin(1);
  await bob.room.typeReply(bob.room.thread("Paragraph one's thread."), 1, "I am think");
  await expect(ann.room.thread("Paragraph one's thread.")).toContainText(`${bob.who.name} is replying…`);
  expect(await ann.room.panelRenders()).toBe(panelBefore);
  expect(await ann.room.paragraphRenders(1)).toBe(rowBefore);
  await closeAll(ada, ann, bob);
});

test("a long thread shows its first and latest replies with \"Show N more\"; a panel of many threads loads page after page", async ({ browser }) => {
  const ada = await newMember(browser, "Ada Instructor");
  const ann = await newMember(browser, "Ann Student");
  const bob = await newMember(browser, "Bob Student");
  const seminar = await seminarWith(ada, [ann, bob]);
  const ps = await paragraphIds(ada, seminar);

  const long = await post(ada.page.request, `/api/v1/seminars/${seminar}/threads`, { paragraphId: ps[2], body: "Reply 0 opens the long thread." });
  for (let i = 1; i <= 8; i++) await post((i % 2 ? ann : bob).page.request, `/api/v1/threads/${long.id}/comments`, { body: `Reply ${i} in the long thread.` });
  await ann.room.goto(seminar, ann.who.name);
  await ann.room.openMargin(3);
  const thread = ann.room.thread("Reply 0 opens");
  await expect(ann.room.showMore(thread)).toHaveText("Show 5 more replies");
  await expect(thread.locator("[data-comment-id]")).toHaveCount(4);
  await expect(ann.room.comment("Reply 1 in")).toHaveCount(0);
  await expect(ann.room.comment("Reply 8 in")).toBeVisible();
  await ann.room.showMore(thread).click();
  await expect(thread.locator("[data-comment-id]")).toHaveCount(9);
  await expect(ann.room.comment("Reply 1 in")).toBeVisible();

  // 60 threads on paragraph 4 (three writers: the write limit is per person): the panel renders
  // those near its viewport and loads the second page as it is scrolled to the end.
  const writers = [ada, ann, bob];
  for (let i = 1; i <= 60; i++) await post(writers[i % 3].page.request, `/api/v1/seminars/${seminar}/threads`, { paragraphId: ps[3], body: `Busy thread number ${i}.` });
  await ann.page.reload();
  await expect(ann.page.getByRole("status").filter({ hasText: /^Live$/ })).toBeVisible();
  await ann.room.expectMargin(4, 60, 60);
  await ann.room.openMargin(4);
  await expect(ann.room.thread("Busy thread number 1.")).toBeVisible();
  expect(await ann.room.threads().count()).toBeLessThan(50);
  await expect(ann.room.panel).toHaveAttribute("data-status", "partial");
  await ann.room.scrollPanelTo("Busy thread number 60.");
  await expect(ann.room.panel).toHaveAttribute("data-status", "complete");
  await closeAll(ada, ann, bob);
});
