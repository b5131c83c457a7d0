// The account page's session controls in the browser: "Sign out everywhere" signs out a second
// browser too, and deleting an account signs out, goes home, and leaves the person's comment in
// the room as "Former member".
import { expect, test, type Page } from "@playwright/test";
import { newMember, seminarWith } from "./pages/room";
import type { Person } from "./pages/accounts";

test.describe.configure({ timeout: 120_000 });

async function signInHere(page: Page, p: Person) {
  await page.goto("/signin");
  const submit = page.getByRole("button", { name: "Sign in" });
  await expect(submit).toBeEnabled();
  await page.getByLabel("Email").fill(p.email);
  await page.getByLabel("Password").fill(p.password);
  await submit.click();
  await expect(page).not.toHaveURL(/\/signin/);
}

test("sign out everywhere from the account page signs out a second browser", async ({ browser }) => {
  const ann = await newMember(browser, "Ann Everywhere");
  const laptop = await browser.newContext();
  const other = await laptop.newPage();
  await signInHere(other, ann.who);
  expect((await other.request.get("/api/v1/me")).status()).toBe(200);

  await ann.page.goto("/account");
  const sessions = ann.page.getByRole("region", { name: "Where you are signed in" });
  await expect(sessions.getByRole("row")).toHaveCount(3); // header + two browsers
  await expect(sessions).toContainText("(this browser)");
  await sessions.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(ann.page).toHaveURL(/\/signin/);

  expect((await other.request.get("/api/v1/me")).status()).toBe(401);
  await other.goto("/account");
  await expect(other).toHaveURL(/\/signin/);
  expect((await ann.page.request.get("/api/v1/me")).status()).toBe(401);
  await laptop.close();
});

test("deleting an account signs out, goes home, and the room shows Former member for the comment", async ({ browser }) => {
  const ada = await newMember(browser, "Ada Instructor");
  const ann = await newMember(browser, "Ann Leaving");
  const seminar = await seminarWith(ada, [ann]);
  await ann.room.goto(seminar, ann.who.name);
  await ann.room.startThread(7, "A remark that outlives its author.");
  await expect(ann.room.comment("outlives its author")).toContainText("Sent");

  await ann.page.goto("/account");
  const danger = ann.page.getByRole("region", { name: "Delete your account" });
  await danger.getByLabel("Keep them in the discussions").check();
  await danger.getByLabel("Confirm with your password").fill(ann.who.password);
  const del = danger.getByRole("button", { name: "Delete my account" });
  await expect(del).toBeDisabled();
  await danger.getByLabel("I understand").check();
  await del.click();
  await expect(ann.page).toHaveURL(/\/$/);
  expect((await ann.page.request.get("/api/v1/me")).status()).toBe(401);

  await ada.room.goto(seminar, ada.who.name);
  await ada.room.openMargin(7);
  const comment = ada.room.comment("outlives its author");
  await expect(comment).toContainText("Former member");
  await expect(comment).not.toContainText("Ann Leaving");
});
