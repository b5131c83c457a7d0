import { expect, test } from "@playwright/test";
import { person, signUp, signUpHere } from "./pages/accounts";
import { SAME_ORIGIN } from "./pages/same-origin";

const READING = "Stalin’s Stake in Mao’s Army";

// Several browser contexts per test; on a shared 2-core machine 30 s is too tight.
test.describe.configure({ timeout: 120_000 });

test("an instructor opens a seminar, a student joins through the invite link, both see each other, and closing makes it read-only for the student", async ({ browser }) => {
  const teacherCtx = await browser.newContext();
  const studentCtx = await browser.newContext();
  const teacher = await teacherCtx.newPage();
  const student = await studentCtx.newPage();
  const ada = person("Ada Instructor");
  const ben = person("Ben Student");

  // The instructor signs up and opens a seminar on the sample reading.
  await signUp(teacher, ada);
  await teacher.goto("/seminars");
  await expect(teacher.getByText("You are not in any seminar yet.")).toBeVisible();
  await teacher.locator(".page-head").getByRole("link", { name: "New seminar" }).click();
  await teacher.getByLabel("Title").fill("Week 3: Moscow and Peking");
  await teacher.getByLabel("Reading").selectOption({ label: `${READING} — Isaac Deutscher` });
  await teacher.getByRole("button", { name: "Create seminar" }).click();
  await expect(teacher.getByRole("heading", { name: "Week 3: Moscow and Peking" })).toBeVisible();
  await expect(teacher.getByRole("heading", { level: 1 })).toHaveText(READING);
  const invite = await teacher.getByTestId("invite-url").inputValue();
  expect(invite).toMatch(/\/join\/[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}$/);
  const path = new URL(invite).pathname;

  // The student opens the link signed out, signs up through it and lands in the room, joined
  // (no second "Join seminar" click: issue 12).
  await student.goto(path);
  await expect(student.getByRole("heading", { name: "Week 3: Moscow and Peking" })).toBeVisible();
  await student.getByRole("link", { name: "Create an account to join" }).click();
  await signUpHere(student, ben);
  await expect(student).toHaveURL(/\/seminars\/[^/]+$/);
  await expect(student.getByRole("heading", { level: 1 })).toHaveText(READING);
  await expect(student.locator("ol.paragraphs > li")).toHaveCount(20);

  // Presence: each sees the other, live.
  await expect(student.getByTestId("presence")).toContainText("Ada Instructor");
  await expect(student.getByTestId("presence")).toContainText("Ben Student (you)");
  await expect(teacher.getByTestId("presence")).toContainText("Ben Student");
  await expect(student.getByTestId("read-only-notice")).toHaveCount(0);

  // The instructor closes the seminar from its settings; the student's open page turns read-only.
  const settings = await teacherCtx.newPage();
  await settings.goto(`${new URL(teacher.url()).pathname}/settings`);
  await settings.getByRole("button", { name: "Close seminar" }).click();
  await expect(settings.getByTestId("settings-state")).toHaveText("closed");
  await expect(student.getByTestId("seminar-state")).toHaveText("Closed");
  await expect(student.getByTestId("read-only-notice")).toBeVisible();

  // When the student leaves, the instructor's presence list drops them.
  await student.close();
  await expect(teacher.getByTestId("presence")).not.toContainText("Ben Student");

  // My seminars shows the student's role and state.
  const again = await studentCtx.newPage();
  await again.goto("/seminars");
  const card = again.getByRole("listitem").filter({ hasText: "Week 3: Moscow and Peking" });
  await expect(card).toContainText("Student");
  await expect(card).toContainText("Closed");
  await expect(card).toContainText("2 members");
  await teacherCtx.close();
  await studentCtx.close();
});

test("pages under a seminar: sign-in for visitors, 404 for non-members, 403 for students on settings", async ({ browser, baseURL }) => {
  const owner = await browser.newContext();
  const outsider = await browser.newContext();
  const member = await browser.newContext();
  const o = await owner.newPage();
  await signUp(o, person("Olga Owner"));
  const created = await o.request.post("/api/v1/seminars", {
    headers: SAME_ORIGIN,
    data: { title: "Private seminar", readingId: (await (await o.request.get("/api/v1/readings")).json()).readings[0].id },
  });
  expect(created.status()).toBe(201);
  const seminar = await created.json();

  const m = await member.newPage();
  await signUp(m, person("Mia Member"));
  expect((await m.request.post("/api/v1/join", { headers: SAME_ORIGIN, data: { code: seminar.joinCode } })).status()).toBe(200);
  const x = await outsider.newPage();
  await signUp(x, person("Xavier Outsider"));

  const room = `/seminars/${seminar.id}`;
  const anon = await browser.newContext();
  const visitor = await anon.request.get(`${baseURL}${room}`, { maxRedirects: 0 });
  expect(visitor.status()).toBe(307);
  expect(visitor.headers().location).toContain(`/signin?next=${encodeURIComponent(room)}`);
  expect((await anon.request.get(`${baseURL}${room}/settings`, { maxRedirects: 0 })).status()).toBe(307);

  expect((await x.goto(room))?.status()).toBe(404);
  expect((await x.goto(`${room}/settings`))?.status()).toBe(404);
  expect((await m.goto(room))?.status()).toBe(200);
  expect((await m.goto(`${room}/settings`))?.status()).toBe(403);
  await expect(m.getByRole("heading", { name: "Not for you, sorry" })).toBeVisible();
  expect((await o.goto(`${room}/settings`))?.status()).toBe(200);
  await expect(o.getByRole("heading", { name: "Settings & members" })).toBeVisible();
  for (const c of [owner, outsider, member, anon]) await c.close();
});

test("a wrong password and an unknown email get the same clear message on the sign-in page", async ({ page }) => {
  const p = person("Carla Careful");
  await signUp(page, p);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto("/signin");
  await page.getByLabel("Email").fill(p.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator(".form-error")).toHaveText("That email and password do not match an account.");
  await page.getByLabel("Email").fill(`nobody-${p.email}`);
  const answered = page.waitForResponse((r) => r.url().endsWith("/api/auth/callback/credentials"));
  await page.getByRole("button", { name: "Sign in" }).click();
  expect((await answered).status()).toBe(200);
  await expect(page.locator(".form-error")).toHaveText("That email and password do not match an account.");
  await page.getByLabel("Email").fill(p.email);
  await page.getByLabel("Password").fill(p.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/seminars$/);
  await expect(page.getByRole("link", { name: "Carla Careful" })).toBeVisible();
});

test("with names hidden, a student's pages never carry another student's name or email", async ({ browser }) => {
  const teacherCtx = await browser.newContext();
  const aCtx = await browser.newContext();
  const bCtx = await browser.newContext();
  const teacher = await teacherCtx.newPage();
  const a = await aCtx.newPage();
  const b = await bCtx.newPage();
  const ada = person("Ada Instructor");
  const quentin = person("Quentin Quiet");
  const rosa = person("Rosa Reader");
  await signUp(teacher, ada);
  const readings = await (await teacher.request.get("/api/v1/readings")).json();
  const seminar = await (await teacher.request.post("/api/v1/seminars", { headers: SAME_ORIGIN, data: { title: "Anonymous seminar", readingId: readings.readings[0].id } })).json();
  expect((await teacher.request.patch(`/api/v1/seminars/${seminar.id}`, { headers: SAME_ORIGIN, data: { nameVisibility: "hidden_from_students" } })).status()).toBe(200);
  await signUp(a, quentin);
  await signUp(b, rosa);
  expect((await a.request.post("/api/v1/join", { headers: SAME_ORIGIN, data: { code: seminar.joinCode } })).status()).toBe(200);
  expect((await b.request.post("/api/v1/join", { headers: SAME_ORIGIN, data: { code: seminar.joinCode } })).status()).toBe(200);
  const reading = await (await a.request.get(`/api/v1/readings/${readings.readings[0].id}`)).json();
  const posted = await a.request.post(`/api/v1/seminars/${seminar.id}/threads`, { headers: SAME_ORIGIN, data: { paragraphId: reading.paragraphs[2].id, body: "Quentin's first thought." } });
  expect(posted.status()).toBe(201);

  // Rosa's view of the room, server-rendered and after the live connection settles.
  const room = `/seminars/${seminar.id}`;
  await b.goto(room);
  await expect(b.getByTestId("presence")).toContainText("Rosa Reader (you)");
  await b.getByTestId("margin-3").click();
  await expect(b.getByTestId("thread-panel")).toContainText("Quentin's first thought.");
  for (const html of [await b.content(), await (await b.request.get(room)).text(), await (await b.request.get("/seminars")).text()]) {
    expect(html).not.toContain("Quentin Quiet");
    expect(html).not.toContain(quentin.email);
  }
  await expect(b.getByTestId("thread-panel")).toContainText(/Student \d+/);
  // The instructor still sees the real name.
  await teacher.goto(room);
  await teacher.getByTestId("margin-3").click();
  await expect(teacher.getByTestId("thread-panel")).toContainText("Quentin Quiet");
  for (const c of [teacherCtx, aCtx, bCtx]) await c.close();
});
