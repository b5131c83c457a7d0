// Notifications in the browser: a student mentions another (the @handle autocompletes in the
// composer); the mentioned student, with a page open, sees the unread badge rise without a
// reload, opens the list, follows the link to the thread in the room, marks all read and the
// badge clears. Preferences are saved on the account page.
import { expect, test } from "@playwright/test";
import { newMember, seminarWith } from "./pages/room";
import { NotificationsPage } from "./pages/notifications";

test.describe.configure({ timeout: 120_000 });

test("a mention produces a notification with an unread badge for the mentioned student", async ({ browser }) => {
  const ada = await newMember(browser, "Ada Instructor");
  const ann = await newMember(browser, "Ann Student");
  const bob = await newMember(browser, "Bob Student");
  const seminar = await seminarWith(ada, [ann, bob]);
  const bell = new NotificationsPage(bob.page);

  // Bob has the room open; nothing unread.
  await bob.room.goto(seminar, bob.who.name);
  await bell.expectUnread(0);

  // Ann starts a thread on paragraph 7 and mentions Bob: "@bo" offers him, Enter inserts the handle.
  await ann.room.goto(seminar, ann.who.name);
  await ann.room.openMargin(7);
  const box = ann.room.newThreadBox(7);
  await box.pressSequentially("What do you make of this, @bo");
  const option = ann.room.panel.getByRole("option", { name: /Bob Student/ });
  await expect(option).toBeVisible();
  await box.press("Enter");
  await expect(box).toHaveValue("What do you make of this, @bob.student ");
  await box.pressSequentially("and the thirty divisions?");
  await ann.room.panel.getByRole("button", { name: "Start thread" }).click();
  await expect(ann.room.comment("thirty divisions")).toContainText("Sent");

  // Bob's badge rises without a reload; a second mention (paragraph 12) makes it 2.
  await bell.expectUnread(1);
  await ann.room.startThread(12, "A second question for @bob.student about the railway.");
  await expect(ann.room.comment("the railway")).toContainText("Sent");
  await bell.expectUnread(2);
  // Ann was not told of her own comments.
  await new NotificationsPage(ann.page).expectUnread(0);

  // Bob opens the list: newest first, both unread, each saying who did what where.
  await bell.openFromBell();
  await expect(bell.list.locator("[data-notification-id]")).toHaveCount(2);
  await expect(bell.unreadItems()).toHaveCount(2);
  const first = bell.item("thirty divisions");
  await expect(first).toContainText("Ann Student mentioned you");
  await expect(first).toContainText("paragraph 7");
  await expect(bell.list.locator("[data-notification-id]").first()).toContainText("the railway");
  await expect(bell.page.getByTestId("unread-count")).toHaveText("2 unread.");

  // Following the link opens the thread in the room, and marks that one read.
  await first.getByRole("link").click();
  await expect(bob.page).toHaveURL(new RegExp(`/seminars/${seminar}\\?thread=`));
  await expect(bob.room.panel.getByRole("heading", { name: "Paragraph 7", exact: true })).toBeVisible();
  await expect(bob.room.thread("thirty divisions")).toBeFocused();
  await bell.expectUnread(1);

  // Back to the list by keyboard: the bell is a link; "Mark all as read" clears the badge.
  await bell.bell.focus();
  await bob.page.keyboard.press("Enter");
  await expect(bob.page).toHaveURL(/\/notifications$/);
  await expect(bell.unreadItems()).toHaveCount(1);
  await bell.markAll.click();
  await expect(bob.page.getByText("1 notification marked as read.")).toBeVisible();
  await expect(bell.unreadItems()).toHaveCount(0);
  await bell.expectUnread(0);
  await expect(bell.markAll).toBeDisabled();

  // A reload agrees with the server.
  await bob.page.reload();
  await expect(bell.list.locator("[data-notification-id]")).toHaveCount(2);
  await expect(bell.unreadItems()).toHaveCount(0);
  await bell.expectUnread(0);
  for (const m of [ada, ann, bob]) await m.context.close();
});

test("notification preferences are saved on the account page, and an empty list says what will appear", async ({ browser }) => {
  const cat = await newMember(browser, "Cat Student");
  await cat.page.goto("/notifications");
  await expect(cat.page.getByText("No notifications yet.")).toBeVisible();
  await cat.page.getByRole("link", { name: "account page" }).click();
  await expect(cat.page).toHaveURL(/\/account#notifications$/);
  const reactions = cat.page.getByLabel("Someone reacts to your comment");
  await expect(reactions).toBeChecked();
  await reactions.uncheck();
  await cat.page.getByRole("button", { name: "Save notification preferences" }).click();
  await expect(cat.page.getByText("Notification preferences saved.")).toBeVisible();
  await cat.page.reload();
  await expect(cat.page.getByLabel("Someone reacts to your comment")).not.toBeChecked();
  await expect(cat.page.getByLabel("Someone mentions you with @")).toBeChecked();
  const prefs = await (await cat.page.request.get("/api/v1/me/notification-preferences")).json();
  expect(prefs).toEqual({ reply: true, mention: true, reaction: false, endorsement: true });
  await cat.context.close();
});
