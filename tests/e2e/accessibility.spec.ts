// The accessibility gate (issue 12): axe-core checks every page and state of the app against
// WCAG 2.2 A/AA and fails on any serious or critical violation, in the light and the dark colour
// scheme, at desktop and phone size. The data (a seminar with a discussion that shows every kind
// of thread and comment marker) is built once over the API and shared; each (scheme, size) is
// one test that walks the STATES table, so a new page or state is one more row there.
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { person, signInWithRequest, type Person } from "./pages/accounts";
import { blockingViolations, describeViolations } from "./pages/axe";
import { ExportMenu } from "./pages/export-menu";
import { ModerationControls } from "./pages/moderation";
import { RoomPage } from "./pages/room";
import { SAME_ORIGIN } from "./pages/same-origin";

// The data is made once per worker, and four tests each visit ~20 states on a shared 2-core machine.
// Not serial: a failure in one (scheme, size) must not hide the findings of the others.
test.describe.configure({ timeout: 240_000 });

/** Signed out; Ann, a student; Ada, the instructor; Oz, signed in but not a member. */
type Who = "guest" | "student" | "instructor" | "outsider";

/** A signed-in (or signed-out) browser context, one page in it reused for every state. */
interface Visitor {
  who: Person | null;
  context: BrowserContext;
  page: Page;
}

interface World {
  seminarId: string;
  joinCode: string;
  readingSlug: string;
  as: Record<Who, Visitor>;
  /** Bob, a student who only writes (over the API); kept to close his context. */
  bob: Visitor;
}

interface State {
  name: string;
  as: Who;
  /** Where it is, and how to get it into the state to check; resolves when the state shows. */
  open: (page: Page, w: World) => Promise<void>;
}

/** Opens a path and waits for its main heading. */
const page = (path: (w: World) => string, heading: string | RegExp) => async (p: Page, w: World) => {
  await p.goto(path(w));
  await expect(p.getByRole("heading", { level: 1, name: heading })).toBeVisible();
};

/** Opens the seminar room (socket joined) and paragraph 3's discussion, every thread of it loaded. */
async function roomOnParagraph3(p: Page, w: World, name: string) {
  const room = new RoomPage(p);
  await room.goto(w.seminarId, name);
  await room.openMargin(3);
  await expect(room.threads()).toHaveCount(3);
  return room;
}

/**
 * Every page and state the gate checks. A new page or UI state is one row: who looks at it, and
 * how to get there (navigate, click, wait for what shows it). Needs more data? Add it in
 * buildWorld below, which runs once per worker.
 */
const STATES: State[] = [
  { name: "home, signed out", as: "guest", open: page(() => "/", /reading room for seminars/) },
  { name: "sign-in", as: "guest", open: page(() => "/signin", "Sign in") },
  { name: "sign-up", as: "guest", open: page(() => "/signup", "Create an account") },
  { name: "join (invite page), signed out", as: "guest", open: page((w) => `/join/${w.joinCode}`, "Accessibility seminar") },
  {
    name: "join (invite page), signed in",
    as: "outsider",
    open: async (p, w) => {
      await page((w) => `/join/${w.joinCode}`, "Accessibility seminar")(p, w);
      await expect(p.getByRole("button", { name: "Join seminar" })).toBeVisible();
    },
  },
  { name: "reading page", as: "guest", open: page((w) => `/readings/${w.readingSlug}`, "Stalin’s Stake in Mao’s Army") },
  { name: "home, signed in", as: "student", open: page(() => "/", /reading room for seminars/) },
  { name: "my seminars", as: "student", open: page(() => "/seminars", "My seminars") },
  {
    name: "room as student, a passage's thread focused",
    as: "student",
    open: async (p, w) => {
      const room = new RoomPage(p);
      await room.goto(w.seminarId, w.as.student.who!.name);
      await room.paragraph(3).locator("mark.passage").first().click();
      await expect(room.panel.getByRole("heading", { name: "Paragraph 3", exact: true })).toBeVisible();
      await expect(room.threads()).toHaveCount(3);
      await expect(room.paragraph(3).locator("mark.passage-active")).toHaveCount(1);
    },
  },
  {
    name: "room as student, shaded by discussion",
    as: "student",
    open: async (p, w) => {
      const room = new RoomPage(p);
      await room.goto(w.seminarId, w.as.student.who!.name);
      await room.showMoreOptions();
      await room.heatToggle.check();
      await expect(p.locator(".room-heat")).toHaveCount(1);
    },
  },
  {
    name: "room as student, a passage selected by keys, live feed paused",
    as: "student",
    open: async (p, w) => {
      const room = new RoomPage(p);
      await room.goto(w.seminarId, w.as.student.who!.name);
      await room.showMoreOptions();
      await p.getByRole("button", { name: "Pause live feed" }).click();
      await room.paragraph(2).locator(".paragraph-text").focus();
      await p.keyboard.press("Enter");
      await p.keyboard.press("Shift+ArrowRight");
      await expect(p.getByRole("button", { name: "Comment on this passage" })).toBeVisible();
    },
  },
  {
    name: "room as student, keyboard help open",
    as: "student",
    open: async (p, w) => {
      const room = new RoomPage(p);
      await room.goto(w.seminarId, w.as.student.who!.name);
      await room.showMoreOptions();
      await p.getByRole("button", { name: "Keyboard shortcuts" }).click();
      await expect(p.getByTestId("keyboard-help")).toBeVisible();
    },
  },
  {
    name: "room as student, new-thread preview",
    as: "student",
    open: async (p, w) => {
      const room = await roomOnParagraph3(p, w, w.as.student.who!.name);
      await room.newThreadBox(3).fill("A **draft** with a [link](https://example.org)");
      await room.panel.getByRole("tab", { name: "Preview" }).click();
      await expect(room.panel.locator(".composer-preview")).toContainText("draft");
    },
  },
  {
    name: "room as instructor, thread panel with a reply box open",
    as: "instructor",
    open: async (p, w) => {
      const room = await roomOnParagraph3(p, w, w.as.instructor.who!.name);
      const thread = room.thread("Why “stake”");
      await thread.locator("summary").getByText("Reply", { exact: true }).click();
      await expect(thread.getByLabel("Reply to the thread on paragraph 3", { exact: true })).toBeVisible();
    },
  },
  {
    name: "room as instructor, Export menu open",
    as: "instructor",
    open: async (p, w) => {
      await new RoomPage(p).goto(w.seminarId, w.as.instructor.who!.name);
      await new ExportMenu(p).openWithKeyboard();
    },
  },
  {
    name: "room as instructor, reports open",
    as: "instructor",
    open: async (p, w) => {
      await new RoomPage(p).goto(w.seminarId, w.as.instructor.who!.name);
      const mod = new ModerationControls(p);
      await mod.reportsButton.click();
      await expect(mod.reportsPanel).toBeVisible();
      await expect(mod.reportsPanel).toContainText("Off topic");
    },
  },
  {
    name: "dashboard",
    as: "instructor",
    open: async (p, w) => {
      await page((w) => `/seminars/${w.seminarId}/dashboard`, "Accessibility seminar")(p, w);
      await expect(p.getByTestId("dashboard-connection")).toHaveText("Live");
      await expect(p.getByTestId("heat-3")).toBeVisible();
    },
  },
  { name: "seminar settings", as: "instructor", open: page((w) => `/seminars/${w.seminarId}/settings`, "Settings & members") },
  { name: "audit log", as: "instructor", open: page((w) => `/seminars/${w.seminarId}/audit`, "Audit log") },
  { name: "new seminar", as: "instructor", open: page(() => "/seminars/new", "New seminar") },
  {
    name: "import, with a preview",
    as: "instructor",
    open: async (p, w) => {
      await page(() => "/readings/new", "Import a reading")(p, w);
      await p.getByLabel("Text", { exact: true }).fill("Marta Quill 1968\n\nOn Margins\n\nSource: A test.\n\nThe first paragraph.\n\nThe second paragraph.");
      await p.getByRole("button", { name: "Preview" }).click();
      // The preview is a region named by the reading's title, holding the save button.
      await expect(p.getByRole("button", { name: /^Save reading/ })).toBeVisible();
    },
  },
  {
    name: "notifications",
    as: "student",
    open: async (p, w) => {
      await page(() => "/notifications", "Notifications")(p, w);
      await expect(p.getByTestId("notification-list").locator("[data-notification-id]").first()).toBeVisible();
    },
  },
  { name: "account", as: "student", open: page(() => "/account", "Account") },
];

const SCHEMES = ["light", "dark"] as const;
const SIZES = [
  { name: "desktop", viewport: { width: 1280, height: 800 } },
  { name: "phone", viewport: { width: 390, height: 844 } },
] as const;

// ---------------------------------------------------------------------------------------------
// The shared data, made over the API: Ada teaches, Ann and Bob are students.

async function api(v: Visitor, method: "post" | "put" | "patch", path: string, data?: unknown) {
  const r = await v.context.request[method](path, { headers: SAME_ORIGIN, data });
  expect(r.ok(), `${method} ${path}: ${r.status()} ${await r.text()}`).toBe(true);
  return r.status() === 204 ? null : r.json();
}

async function visitor(browser: Browser, name: string | null): Promise<Visitor> {
  const context = await browser.newContext();
  const who = name ? person(name) : null;
  if (who) {
    const made = await context.request.post("/api/v1/users", { headers: SAME_ORIGIN, data: who });
    expect(made.status(), await made.text()).toBe(201);
    await signInWithRequest(context.request, who.email, who.password);
  }
  return { who, context, page: await context.newPage() };
}

async function buildWorld(browser: Browser): Promise<World> {
  const [guest, ada, ann, bob, oz] = await Promise.all(
    [null, "Ada Instructor", "Ann Student", "Bob Student", "Oz Outsider"].map((name) => visitor(browser, name)),
  );
  const readings = (await (await ada.context.request.get("/api/v1/readings")).json()).readings;
  const seminar = await api(ada, "post", "/api/v1/seminars", { title: "Accessibility seminar", readingId: readings[0].id });
  for (const s of [ann, bob]) await api(s, "post", "/api/v1/join", { code: seminar.joinCode });
  const reading = await (await ada.context.request.get(`/api/v1/readings/${readings[0].id}`)).json();
  const p3 = reading.paragraphs.find((p: { number: number }) => p.number === 3);
  const words = [...(p3.text as string).matchAll(/\S+/g)].slice(2, 6);
  const start = words[0].index!;
  const end = words[3].index! + words[3][0].length;
  const exact = (p3.text as string).slice(start, end);
  const threads = `/api/v1/seminars/${seminar.id}/threads`;

  // A passage thread with replies, reactions, an endorsement and an edit.
  const t1 = await api(ann, "post", threads, { paragraphId: p3.id, body: "Why “stake” and not interest?", passage: { exact, start, end } });
  const annFirst = t1.comments[0].id;
  const bobReply = (await api(bob, "post", `/api/v1/threads/${t1.id}/comments`, { body: "Because he means a wager, @ann." })).id;
  await api(ada, "post", `/api/v1/threads/${t1.id}/comments`, { body: "Look at **paragraph 5** before you answer." });
  await api(ann, "patch", `/api/v1/comments/${annFirst}`, { body: "Why “stake” and not interest? (Deutscher's word.)" });
  for (const [v, kind] of [[bob, "agree"], [ada, "insight"], [bob, "question"]] as const) await api(v, "put", `/api/v1/comments/${annFirst}/reactions/${kind}`);
  await api(ada, "put", `/api/v1/comments/${annFirst}/endorsement`);
  await api(ann, "post", `/api/v1/comments/${bobReply}/reports`, { reason: "Off topic" });

  // A whole-paragraph thread, resolved, locked and pinned, with a hidden reply.
  // Markers inside a resolved thread too: it must not fade them below contrast.
  const t2 = await api(bob, "post", threads, { paragraphId: p3.id, body: "The figures in this paragraph are from 1950." });
  const bobFirst = t2.comments[0].id;
  await api(bob, "patch", `/api/v1/comments/${bobFirst}`, { body: "The figures in this paragraph are from 1951." });
  await api(ann, "put", `/api/v1/comments/${bobFirst}/reactions/agree`);
  await api(ada, "put", `/api/v1/comments/${bobFirst}/endorsement`);
  const hidden = (await api(ann, "post", `/api/v1/threads/${t2.id}/comments`, { body: "Not a useful remark." })).id;
  await api(ada, "post", `/api/v1/comments/${hidden}/hidden`, { reason: "Unkind" });
  await api(ada, "patch", `/api/v1/threads/${t2.id}`, { resolved: true, locked: true, pinned: true });

  // An instructor's prompt.
  await api(ada, "post", threads, { paragraphId: p3.id, body: "What does Stalin risk here?", kind: "prompt" });

  return { seminarId: seminar.id, joinCode: seminar.joinCode, readingSlug: readings[0].slug, as: { guest, instructor: ada, student: ann, outsider: oz }, bob };
}

let world: World;
test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  world = await buildWorld(browser);
});
test.afterAll(async () => {
  for (const v of Object.values(world?.as ?? {})) await v.context.close();
  await world?.bob.context.close();
});

for (const scheme of SCHEMES) {
  for (const size of SIZES) {
    test(`axe finds no serious or critical WCAG 2.2 AA violation on any page or state (${scheme} scheme, ${size.name})`, async () => {
      const found: string[] = [];
      for (const v of Object.values(world.as)) {
        await v.page.emulateMedia({ colorScheme: scheme });
        await v.page.setViewportSize(size.viewport);
      }
      for (const state of STATES) {
        await test.step(state.name, async () => {
          const p = world.as[state.as].page;
          await state.open(p, world);
          const violations = await blockingViolations(p);
          if (violations.length) found.push(describeViolations(`${state.name}, ${scheme}, ${size.name}`, violations));
        });
      }
      expect(found.length, `axe found serious or critical violations:\n\n${found.join("\n\n")}\n\nstates with violations`).toBe(0);
    });
  }
}
