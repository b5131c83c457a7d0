// The room's live state and what it says (issue 12): deleted comments and threads, "Sent" and
// "… is replying", names as the server presents them (also when an instructor hides them while
// students have the room open), and live announcements a person controls (what, and a pause).
import { expect, test } from "@playwright/test";
import { newMember, seminarWith, type Member } from "./pages/room";
import { SAME_ORIGIN } from "./pages/same-origin";

test.describe.configure({ timeout: 120_000 });

async function closeAll(...members: Member[]) {
  for (const m of members) await m.context.close();
}

test("a deleted reply disappears for its author too; a thread whose comments are all deleted disappears for everyone, live and after a reload", async ({ browser }) => {
  const ada = await newMember(browser, "Ada Instructor");
  const ann = await newMember(browser, "Ann Student");
  const bob = await newMember(browser, "Bob Student");
  const seminar = await seminarWith(ada, [ann, bob]);
  for (const m of [ann, bob]) await m.room.goto(seminar, m.who.name);

  const opening = "Was the Kwantung Army ever really beaten?";
  const reply = "Answering myself: not in 1945.";
  await ann.room.startThread(7, opening);
  await expect(ann.room.comment(opening)).toBeVisible();
  await ann.room.reply(ann.room.thread(opening), 7, reply);
  await expect(ann.room.comment(reply)).toBeVisible();
  await bob.room.expectMargin(7, 1, 2);

  // Ann deletes her reply: it is gone from her panel (no "Sent" ghost without a Delete button).
  await ann.room.deleteComment(ann.room.comment(reply));
  await expect(ann.room.panel.getByText(reply)).toHaveCount(0);
  await expect(ann.room.panel.getByText("Sent")).toHaveCount(0);
  await expect(ann.room.panel.locator("[data-comment-id]")).toHaveCount(1);
  await bob.room.expectMargin(7, 1, 1);

  // Then the thread's only comment: no ghost card for her, and the thread leaves Bob's margin.
  await ann.room.deleteComment(ann.room.comment(opening));
  await expect(ann.room.panel.getByText(opening)).toHaveCount(0);
  await expect(ann.room.threads()).toHaveCount(0);
  await expect(ann.room.panel.locator(".comment")).toHaveCount(0);
  await ann.room.expectMargin(7, 0, 0);
  await bob.room.expectMargin(7, 0, 0);
  await bob.room.openMargin(7);
  await expect(bob.room.threads()).toHaveCount(0);

  // A reload agrees, and the instructor's room (opened now) never counts it.
  await bob.room.goto(seminar, bob.who.name);
  await bob.room.expectMargin(7, 0, 0);
  await ada.room.goto(seminar, ada.who.name);
  await ada.room.expectMargin(7, 0, 0);
  await closeAll(ada, ann, bob);
});

test("\"Sent\" shows only briefly after posting, and \"… is replying\" goes when that person's reply arrives", async ({ browser }) => {
  const ada = await newMember(browser, "Ada Instructor");
  const ann = await newMember(browser, "Ann Student");
  const bob = await newMember(browser, "Bob Student");
  const seminar = await seminarWith(ada, [ann, bob]);
  for (const m of [ann, bob]) await m.room.goto(seminar, m.who.name);

  const opening = "Stalin's stake: army or party?";
  await ann.room.startThread(4, opening);
  await expect(ann.room.comment(opening)).toContainText("Sent");
  await expect(ann.room.comment(opening).getByText("Sent")).toHaveCount(0);

  await bob.room.openMargin(4);
  const thread = bob.room.thread(opening);
  await bob.room.typeReply(thread, 4, "The army, plainly");
  await expect(ann.room.thread(opening)).toContainText(`${bob.who.name} is replying…`);
  await thread.getByRole("button", { name: "Reply", exact: true }).click();
  await expect(ann.room.comment("The army, plainly")).toBeVisible();
  // Gone with the reply, not seconds later when the signal would time out.
  await expect(ann.room.thread(opening).getByText("is replying")).toHaveCount(0, { timeout: 1000 });
  await closeAll(ada, ann, bob);
});

test("with names hidden, your own live comment shows your name as after a reload; hiding and showing names reaches open rooms live", async ({ browser }) => {
  const ada = await newMember(browser, "Ada Instructor");
  const ann = await newMember(browser, "Ann Student");
  const bob = await newMember(browser, "Bob Student");
  const seminar = await seminarWith(ada, [ann, bob]);
  const names = (nameVisibility: string) => ada.page.request.patch(`/api/v1/seminars/${seminar}`, { headers: SAME_ORIGIN, data: { nameVisibility } });
  expect((await names("hidden_from_students")).status()).toBe(200);
  for (const m of [ann, bob]) await m.room.goto(seminar, m.who.name);

  const mine = "Posted live with names hidden.";
  await ann.room.startThread(2, mine);
  await expect(ann.room.comment(mine)).toContainText(`${ann.who.name} (you)`);
  await expect(ann.room.comment(mine)).not.toContainText(/Student \d+/);
  await ann.room.goto(seminar, ann.who.name);
  await ann.room.openMargin(2);
  await expect(ann.room.comment(mine)).toContainText(`${ann.who.name} (you)`);

  // Bob has paragraph 2 open: Ann is "Student N" to him, until the instructor shows names.
  await bob.room.openMargin(2);
  await expect(bob.room.comment(mine)).toContainText(/Student \d+/);
  await expect(bob.room.comment(mine)).not.toContainText(ann.who.name);
  expect((await names("shown")).status()).toBe(200);
  await expect(bob.room.comment(mine)).toContainText(ann.who.name);
  await expect(bob.room.presence).toContainText(ann.who.name);
  expect((await names("hidden_from_students")).status()).toBe(200);
  await expect(bob.room.comment(mine)).toContainText(/Student \d+/);
  await expect(bob.room.comment(mine)).not.toContainText(ann.who.name);
  await expect(bob.room.presence).not.toContainText(ann.who.name);
  await closeAll(ada, ann, bob);
});

test("live announcements follow the reader's setting (remembered), and a paused feed holds new comments until \"Show N new\"", async ({ browser }) => {
  const ada = await newMember(browser, "Ada Instructor");
  const ann = await newMember(browser, "Ann Student");
  const bob = await newMember(browser, "Bob Student");
  const seminar = await seminarWith(ada, [ann, bob]);
  for (const m of [ada, ann, bob]) await m.room.goto(seminar, m.who.name);

  const annsThread = "Who paid for the Manchurian industry?";
  await ann.room.startThread(5, annsThread);
  await expect(ann.room.comment(annsThread)).toBeVisible();

  // "Mentions and my threads": Bob's thread elsewhere is not announced; his reaction to Ann's
  // comment, the instructor's resolve of her thread and Bob's edit in it are.
  await ann.room.announceSetting.selectOption({ label: "Mentions and my threads" });
  const elsewhere = "A thread of Bob's on paragraph 9.";
  await bob.room.startThread(9, elsewhere);
  await ann.room.expectMargin(9, 1, 1);
  await expect(ann.room.announcer).not.toContainText("paragraph 9");

  await bob.room.openMargin(5);
  await bob.room.comment(annsThread).getByRole("button", { name: /^Agree/ }).click();
  await expect(ann.room.announcer).toHaveText(`${bob.who.name} reacted Agree to your comment.`);
  await ada.room.openMargin(5);
  await ada.room.thread(annsThread).getByRole("button", { name: "Resolve" }).click();
  await expect(ann.room.announcer).toHaveText(`${ada.who.name} resolved your thread on paragraph 5.`);
  await ada.room.comment(annsThread).getByRole("button", { name: `Hide the comment by ${ann.who.name}` }).click();
  await expect(ann.room.announcer).toHaveText("An instructor hid your comment on paragraph 5.");

  // Off: nothing is announced; the choice is remembered after a reload.
  await ann.room.announceSetting.selectOption({ label: "Nothing" });
  await ann.room.goto(seminar, ann.who.name);
  await expect(ann.room.announceSetting).toHaveValue("off");
  await bob.room.startThread(11, "Unannounced thread.");
  await ann.room.expectMargin(11, 1, 1);
  await expect(ann.room.announcer).toHaveText("");

  // Pause: Bob's replies are held and counted; "Show 2 new" shows them and resumes the feed.
  await ann.room.announceSetting.selectOption({ label: "Everything" });
  await ann.room.openMargin(9);
  await ann.room.pauseButton.click();
  await expect(ann.room.pauseButton).toHaveAttribute("aria-pressed", "true");
  await bob.room.openMargin(9);
  await bob.room.reply(bob.room.thread(elsewhere), 9, "First held reply.");
  await expect(bob.room.comment("First held reply.")).toBeVisible();
  // The reply box is still open after the first reply: write in it again.
  const again = async (body: string) => {
    await bob.room.thread(elsewhere).getByLabel("Reply to the thread on paragraph 9", { exact: true }).fill(body);
    await bob.room.thread(elsewhere).getByRole("button", { name: "Reply", exact: true }).click();
  };
  await again("Second held reply.");
  await expect(bob.room.comment("Second held reply.")).toBeVisible();
  const showNew = ann.page.getByRole("button", { name: "Show 2 new" });
  await expect(showNew).toBeVisible();
  await expect(ann.room.panel.getByText("First held reply.")).toHaveCount(0);
  await ann.room.expectMargin(9, 1, 1);
  await showNew.click();
  await expect(ann.room.comment("First held reply.")).toBeVisible();
  await expect(ann.room.comment("Second held reply.")).toBeVisible();
  await expect(ann.room.pauseButton).toHaveAttribute("aria-pressed", "false");
  await again("Live again.");
  await expect(ann.room.comment("Live again.")).toBeVisible();
  await expect(ann.room.announcer).toHaveText(`${bob.who.name} posted a new reply.`);
  await closeAll(ada, ann, bob);
});
