// The pages around the room, as a first class meets them (issue 12, "Smaller"): the home page
// says what Colloquy is, an invite link leads into the seminar after signing up, the favicon,
// the closing time, and settings confirmations where the instructor is looking.
import { expect, test } from "@playwright/test";
import { person, signUpHere } from "./pages/accounts";
import { newMember, seminarWith } from "./pages/room";
import { PHONE } from "./pages/phone";
import { SAME_ORIGIN } from "./pages/same-origin";

test("a signed-out visitor's home page says what Colloquy is and how seminars and invite links work", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/reading room for seminars/i);
  const how = page.getByRole("region", { name: "How it works" });
  await expect(how).toBeVisible();
  await expect(how).toContainText(/instructor/i);
  await expect(how).toContainText(/invite link/i);
  await expect(how).toContainText(/paragraph/i);
  await expect(page.getByRole("main").getByRole("link", { name: "Create an account" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Readings" })).toBeVisible();
});

test("a signed-in person with no seminars sees a clear empty state on the home page", async ({ browser }) => {
  const noa = await newMember(browser, "Noa Newcomer");
  await noa.page.goto("/");
  const mine = noa.page.getByRole("region", { name: "Your seminars" });
  await expect(mine).toContainText("You are not in any seminar yet.");
  await expect(mine).toContainText(/invite link/i);
  await expect(mine.getByRole("link", { name: "Open a seminar" })).toHaveAttribute("href", "/seminars/new");

  // With a seminar, the home page lists it instead.
  const seminar = await seminarWith(noa, [], "Noa's first seminar");
  await noa.page.goto("/");
  await expect(mine.getByRole("link", { name: "Noa's first seminar" })).toHaveAttribute("href", `/seminars/${seminar}`);
});

test("signing up from an invite link lands in the seminar with no second Join click", async ({ browser }) => {
  const ines = await newMember(browser, "Ines Instructor");
  const seminar = await seminarWith(ines, [], "Week 6: invited");
  const { inviteUrl } = await (await ines.page.request.get(`/api/v1/seminars/${seminar}`)).json();
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(new URL(inviteUrl).pathname);
  await page.getByRole("link", { name: "Create an account to join" }).click();
  await expect(page).toHaveURL(/\/signup\?next=/);
  await page.waitForFunction(() => {
    const form = document.querySelector("form");
    return !!form && Object.keys(form).some((k) => k.startsWith("__reactProps$"));
  });
  const sam = person("Sam Student");
  await signUpHere(page, sam);
  await expect(page).toHaveURL(new RegExp(`/seminars/${seminar}$`));
  await expect(page.getByRole("heading", { name: "Week 6: invited" })).toBeVisible();
  await expect(page.getByTestId("presence")).toContainText(`${sam.name} (you)`);
  await context.close();
});

test("signing in from an invite link also joins the seminar at once", async ({ browser }) => {
  const ines = await newMember(browser, "Ines Instructor");
  const seminar = await seminarWith(ines, [], "Week 6: invited back");
  const { inviteUrl } = await (await ines.page.request.get(`/api/v1/seminars/${seminar}`)).json();
  const ola = await newMember(browser, "Ola Student");
  await ola.page.getByRole("button", { name: "Sign out" }).click();
  await expect(ola.page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Sign in" })).toBeVisible();
  await ola.page.goto(new URL(inviteUrl).pathname);
  await ola.page.getByRole("link", { name: "I have an account" }).click();
  await ola.page.waitForFunction(() => {
    const form = document.querySelector("form");
    return !!form && Object.keys(form).some((k) => k.startsWith("__reactProps$"));
  });
  await ola.page.getByLabel("Email").fill(ola.who.email);
  await ola.page.getByLabel("Password").fill(ola.who.password);
  await ola.page.getByRole("button", { name: "Sign in" }).click();
  await expect(ola.page).toHaveURL(new RegExp(`/seminars/${seminar}$`));
  await expect(ola.page.getByTestId("presence")).toContainText(`${ola.who.name} (you)`);
});

test("/favicon.ico answers with an icon, and pages link an icon", async ({ page, request }) => {
  const ico = await request.get("/favicon.ico");
  expect(ico.status()).toBe(200);
  expect(ico.headers()["content-type"]).toMatch(/image\//);
  await page.goto("/");
  await expect(page.locator('link[rel~="icon"]').first()).toHaveAttribute("href", /icon|favicon/);
});

test("students see when the seminar closes, in their own language and time zone", async ({ browser }) => {
  const ines = await newMember(browser, "Ines Instructor");
  const jonas = await newMember(browser, "Jonas Student", { locale: "de-DE", timezoneId: "Europe/Berlin" });
  const seminar = await seminarWith(ines, [jonas], "Woche 4");
  // 16:00 UTC on 3 December 2099 is 17:00 in Berlin.
  const closesAt = "2099-12-03T16:00:00.000Z";
  expect((await ines.page.request.patch(`/api/v1/seminars/${seminar}`, { headers: SAME_ORIGIN, data: { closesAt } })).status()).toBe(200);
  await jonas.room.goto(seminar, jonas.who.name);
  const closes = jonas.page.getByRole("region", { name: "Seminar" }).locator(`time[datetime="${closesAt}"]`);
  await expect(closes).toBeVisible();
  await expect(closes).toHaveText(/3\. Dezember 2099.*17:00/);
  await expect(jonas.page.getByRole("region", { name: "Seminar" })).toContainText(/Closes/);
});

test("a settings confirmation appears where the instructor is, not off-screen at the top", async ({ browser }) => {
  const ines = await newMember(browser, "Ines Instructor", PHONE);
  const seminar = await seminarWith(ines, [], "Week 4 settings");
  await ines.page.goto(`/seminars/${seminar}/settings`);
  // A controlled checkbox clicked before hydration is reset by it: wait for React.
  await ines.page.waitForFunction(() => {
    const form = document.querySelector("form");
    return !!form && Object.keys(form).some((k) => k.startsWith("__reactProps$"));
  });
  const exports = ines.page.getByRole("checkbox", { name: /Students may export the whole discussion/ });
  await exports.scrollIntoViewIfNeeded();
  await exports.check();
  const said = ines.page.getByText("Students can now export the whole discussion, as they see it.");
  await expect(said).toBeVisible();
  await expect(said).toBeInViewport();

  const hide = ines.page.getByRole("radio", { name: /Hide students/ });
  await hide.scrollIntoViewIfNeeded();
  await hide.check();
  const hidden = ines.page.getByText("Students now see each other as pseudonyms.");
  await expect(hidden).toBeInViewport();
  // One confirmation at a time: the earlier one has gone.
  await expect(said).toHaveCount(0);
});
