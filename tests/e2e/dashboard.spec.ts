// The instructors' dashboard in the browser: it follows the seminar live (a student's reply to a
// prompt raises that prompt's count without a reload), the heatmap marks paragraphs nobody has
// discussed, the participation table sorts by mouse and keyboard, and students are kept out.
import { expect, test } from "@playwright/test";
import { DashboardPage, postPrompt } from "./pages/dashboard";
import { newMember, seminarWith } from "./pages/room";
import { SAME_ORIGIN } from "./pages/same-origin";

test.describe.configure({ timeout: 120_000 });

test("a student replies to a prompt and the dashboard's count for it rises; the heatmap and the participation table", async ({ browser }) => {
  const ada = await newMember(browser, "Ada Instructor");
  const ann = await newMember(browser, "Ann Student");
  const bob = await newMember(browser, "Bob Student");
  const seminar = await seminarWith(ada, [ann, bob]);

  // Bob starts a thread on paragraph 2 (over the API); paragraph 5 stays undiscussed.
  const started = await bob.page.request.post(`/api/v1/seminars/${seminar}/threads`, {
    headers: SAME_ORIGIN,
    data: { paragraphId: await paragraphId(bob.page, seminar, 2), body: "Port Arthur and the railway: who really gave up what?" },
  });
  expect(started.status()).toBe(201);
  const prompt = "In two sentences: what is Stalin's stake in Mao's army?";
  await postPrompt(ada.page, seminar, await paragraphId(ada.page, seminar, 20), prompt);

  const dashboard = new DashboardPage(ada.page);
  await dashboard.goto(seminar);
  await expect(dashboard.promptReplied(prompt)).toHaveText("0 of 2 students replied");

  // The heatmap: paragraph 2 is discussed, paragraph 5 is marked as not discussed, and each cell
  // links into the room at its paragraph.
  await expect(dashboard.heatCell(2)).toHaveAttribute("data-silent", "false");
  // Its name holds its visible text in order ("2", then its comment count "1"), for speech control.
  await expect(dashboard.heatCell(2)).toHaveAccessibleName("Paragraph 2: 1 comment in 1 thread");
  await expect(dashboard.heatCell(2)).toHaveAccessibleDescription(/^Begins “\S/);
  await expect(dashboard.heatCell(5)).toHaveAttribute("data-silent", "true");
  await expect(dashboard.heatCell(5)).toHaveAccessibleName("Paragraph 5: not discussed yet");
  await expect(dashboard.heatCell(5)).toHaveAttribute("href", `/seminars/${seminar}#p-5`);

  // Ann replies to the prompt in the room; the instructor's dashboard follows without a reload.
  await ann.room.goto(seminar, ann.who.name);
  await ann.room.openMargin(20);
  await ann.room.reply(ann.room.thread(prompt), 20, "A buffer in the Far East, so that the Far Eastern Army can be run down.");
  await expect(ann.room.comment("A buffer in the Far East")).toBeVisible();
  await expect(dashboard.promptReplied(prompt)).toHaveText("1 of 2 students replied");
  await expect(dashboard.heatCell(20)).toHaveAccessibleName("Paragraph 20: 2 comments in 1 thread");
  expect(ada.page.url()).toMatch(/\/dashboard$/);

  // The participation table sorts by any column: words, most first (Ann 16; Ada's prompt and
  // Bob's thread 10 each, then by name), fewest first on a second click; the keyboard works too.
  await dashboard.sortBy("Words");
  await expect(dashboard.columnHeader("Words")).toHaveAttribute("aria-sort", "descending");
  expect(await dashboard.memberOrder()).toEqual(["Ann Student", "Ada Instructor", "Bob Student"]);
  await dashboard.sortBy("Words");
  await expect(dashboard.columnHeader("Words")).toHaveAttribute("aria-sort", "ascending");
  expect(await dashboard.memberOrder()).toEqual(["Ada Instructor", "Bob Student", "Ann Student"]);
  await dashboard.columnHeader("Replies").getByRole("button").focus();
  await ada.page.keyboard.press("Enter");
  await expect(dashboard.columnHeader("Replies")).toHaveAttribute("aria-sort", "descending");
  await expect(dashboard.columnHeader("Words")).toHaveAttribute("aria-sort", "none");
  expect((await dashboard.memberOrder())[0]).toBe("Ann Student");

  // A name opens the room showing only that member's threads.
  await dashboard.participation.getByRole("link", { name: "Bob Student" }).click();
  await expect(ada.page.getByTestId("author-filter")).toContainText("Bob Student");
  await expect(ada.room.margin(2)).toHaveAccessibleName(/^Paragraph 2: 1 thread/);
  await expect(ada.room.margin(20)).toHaveAccessibleName(/^Paragraph 20: 0 threads/);

  // A heatmap cell opens its paragraph's discussion in the room.
  await dashboard.goto(seminar);
  await dashboard.heatCell(2).click();
  await expect(ada.page).toHaveURL(new RegExp(`/seminars/${seminar}#p-2$`));
  await expect(ada.room.panel.getByRole("heading", { name: "Paragraph 2", exact: true })).toBeVisible();

  // Students get the forbidden page, and no link to it in the room.
  await bob.page.goto(`/seminars/${seminar}/dashboard`);
  await expect(bob.page.getByRole("heading", { name: "Not for you, sorry" })).toBeVisible();
  await ann.page.reload();
  await expect(ann.page.getByRole("status").filter({ hasText: /^Live$/ })).toBeVisible();
  await expect(ann.page.getByRole("link", { name: "Dashboard" })).toHaveCount(0);

  for (const m of [ada, ann, bob]) await m.context.close();
});

async function paragraphId(page: import("@playwright/test").Page, seminarId: string, n: number): Promise<string> {
  const s = await (await page.request.get(`/api/v1/seminars/${seminarId}`)).json();
  const r = await (await page.request.get(`/api/v1/readings/${s.reading.id}`)).json();
  return r.paragraphs.find((p: { number: number }) => p.number === n).id;
}
