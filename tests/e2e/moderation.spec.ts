// Moderation in the room, from several members' browsers at once: an instructor hides a comment
// and it leaves a student's open page without a reload (and comes back when shown again);
// endorsing and locking show at once; a student reports a comment through the dialog and the
// instructor's open-reports count rises live, then falls when the report is handled; an
// instructor's prompt is marked and listed first for its paragraph.
import { expect, test } from "@playwright/test";
import { newMember, seminarWith, type Member } from "./pages/room";
import { ModerationControls, replyVia, threadVia } from "./pages/moderation";

test.describe.configure({ timeout: 120_000 });

async function closeAll(...members: Member[]) {
  for (const m of members) await m.context.close();
}

test("the instructor hides a comment and it disappears from the student's open page without reload; shown again, it returns", async ({ browser }) => {
  const ada = await newMember(browser, "Ada Instructor");
  const ann = await newMember(browser, "Ann Student");
  const bob = await newMember(browser, "Bob Student");
  const seminar = await seminarWith(ada, [ann, bob]);
  const question = "Why does the author trust the Soviet figures here?";
  const rude = "Only a fool would ask that.";
  const thread = await threadVia(ann, seminar, 3, question);
  await replyVia(bob, thread.id, rude);

  for (const m of [ada, ann]) {
    await m.room.goto(seminar, m.who.name);
    await m.room.openMargin(3);
    await expect(m.room.comment(rude)).toBeVisible();
  }
  await ann.room.expectMargin(3, 1, 2);

  // Ada hides Bob's reply: she keeps it, marked "Hidden"; Ann's page drops it at once.
  await ada.room.comment(rude).getByRole("button", { name: /^Hide the comment by / }).click();
  await expect(ada.room.comment(rude).getByTestId("comment-hidden")).toHaveText("Hidden");
  await expect(ann.room.comment(rude)).toHaveCount(0);
  await expect(ann.page.getByText(rude)).toHaveCount(0);
  await ann.room.expectMargin(3, 1, 1);
  await expect(ann.room.comment(question)).toBeVisible();
  // A reload does not bring it back for Ann.
  await ann.room.goto(seminar, ann.who.name);
  await ann.room.openMargin(3);
  await expect(ann.room.comment(question)).toBeVisible();
  await expect(ann.page.getByText(rude)).toHaveCount(0);

  // Shown again, it returns to Ann's open page, unmarked.
  await ada.room.comment(rude).getByRole("button", { name: /^Show the comment by / }).click();
  await expect(ada.room.comment(rude).getByTestId("comment-hidden")).toHaveCount(0);
  await expect(ann.room.comment(rude)).toBeVisible();
  await expect(ann.room.comment(rude).getByTestId("comment-hidden")).toHaveCount(0);

  // Endorse Ann's question and lock the thread: both show on Ann's page at once.
  await ada.room.comment(question).getByRole("button", { name: "Endorse" }).click();
  await expect(ann.room.comment(question).getByTestId("comment-endorsed")).toHaveText("Endorsed by instructor");
  await ada.room.thread(question).getByRole("button", { name: "Lock" }).click();
  await expect(ann.room.thread(question).getByTestId("thread-locked")).toHaveText("Locked");
  await expect(ann.room.thread(question).getByTestId("thread-locked-notice")).toHaveText("This thread is locked: it takes no new replies.");
  await expect(ann.room.thread(question).locator("summary")).toHaveCount(0);

  // The audit log, linked from the room bar, tells Ada who did what and why; Ann may not open it.
  await ada.page.getByRole("link", { name: "Audit log" }).click();
  await expect(ada.page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  const rows = ada.page.getByTestId("audit-log").locator("tbody tr");
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(0)).toContainText("Locked a thread");
  await expect(rows.nth(1)).toContainText("Endorsed a comment");
  await expect(rows.nth(2)).toContainText("Showed a hidden comment again");
  await expect(rows.nth(3)).toContainText("Hid a comment");
  await expect(rows.nth(3)).toContainText("Ada Instructor");
  await expect(rows.nth(3)).toContainText(`a comment by Bob Student${rude}`);
  await ann.page.goto(`/seminars/${seminar}/audit`);
  await expect(ann.page.getByRole("heading", { name: "Not for you, sorry" })).toBeVisible();
  await closeAll(ada, ann, bob);
});

test("a student reports a comment and the instructor's report count rises live; handling it brings it down", async ({ browser }) => {
  const ada = await newMember(browser, "Ada Instructor");
  const ann = await newMember(browser, "Ann Student");
  const bob = await newMember(browser, "Bob Student");
  const seminar = await seminarWith(ada, [ann, bob]);
  const remark = "This whole reading is propaganda and so are you.";
  await threadVia(bob, seminar, 5, remark);
  const adaMod = new ModerationControls(ada.page);
  const annMod = new ModerationControls(ann.page);

  await ada.room.goto(seminar, ada.who.name);
  await expect(adaMod.reportsCount).toHaveText("0");
  await ann.room.goto(seminar, ann.who.name);
  await expect(annMod.reportsButton).toHaveCount(0); // students have no queue
  await ann.room.openMargin(5);

  // The dialog is keyboard-first: it opens focused on the reason, and Escape closes it unsent.
  await annMod.openReportDialog(ann.room.comment(remark));
  await expect(annMod.dialog.getByRole("button", { name: "Send report" })).toBeDisabled();
  await ann.page.keyboard.press("Escape");
  await expect(annMod.dialog).toHaveCount(0);
  await expect(adaMod.reportsCount).toHaveText("0");

  await annMod.report(ann.room.comment(remark), "A personal attack on other students.");
  await expect(annMod.dialog).toHaveCount(0);
  await expect(annMod.notice).toHaveText("Thank you: your report was sent to the instructors.");
  await expect(adaMod.reportsCount).toHaveText("1");

  // A second report of the same comment is refused with a clear message, in the dialog.
  await annMod.report(ann.room.comment(remark), "Again.");
  await expect(annMod.dialog.getByRole("alert")).toHaveText("You have already reported this comment; the instructors have your report.");
  await ann.page.keyboard.press("Escape");
  await expect(adaMod.reportsCount).toHaveText("1");

  // Ada opens the queue: the report, its reason and the comment; "Mark handled" empties it.
  await adaMod.reportsButton.click();
  const report = adaMod.reportsPanel.locator("[data-report-id]");
  await expect(report).toHaveCount(1);
  await expect(report).toContainText("A personal attack on other students.");
  await expect(report).toContainText(remark);
  await expect(report).toContainText("Ann Student reported a comment by Bob Student on paragraph 5");
  await report.getByRole("button", { name: "Mark handled" }).click();
  await expect(adaMod.reportsCount).toHaveText("0");
  await expect(adaMod.reportsPanel.getByText("No open reports.")).toBeVisible();
  await closeAll(ada, ann, bob);
});

test("an instructor posts a prompt: marked, pinned and listed first for its paragraph; students cannot post one", async ({ browser }) => {
  const ada = await newMember(browser, "Ada Instructor");
  const ann = await newMember(browser, "Ann Student");
  const seminar = await seminarWith(ada, [ann]);
  const earlier = "An earlier thread by Ann.";
  await threadVia(ann, seminar, 4, earlier);
  for (const m of [ada, ann]) await m.room.goto(seminar, m.who.name);
  await ann.room.openMargin(4);
  await expect(ann.room.panel.getByRole("button", { name: "Post a prompt" })).toHaveCount(0);

  await ada.room.openMargin(4);
  await ada.room.panel.getByRole("button", { name: "Post a prompt" }).click();
  const prompt = "What does the author assume about the army's loyalty?";
  await ada.room.panel.getByLabel("Your prompt on paragraph 4", { exact: true }).fill(prompt);
  await ada.room.panel.getByRole("button", { name: "Post prompt" }).click();

  const threads = ann.room.panel.locator("[data-thread-id]");
  await expect(threads).toHaveCount(2);
  await expect(threads.first()).toContainText(prompt);
  await expect(threads.first().getByTestId("thread-prompt")).toHaveText("Prompt");
  await expect(threads.nth(1)).toContainText(earlier);
  await ann.room.reply(threads.first(), 4, "Loyal to Moscow, I think.");
  await expect(ada.room.thread(prompt)).toContainText("Loyal to Moscow, I think.");
  await closeAll(ada, ann);
});
