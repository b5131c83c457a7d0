import { expect, type Locator, type Page } from "@playwright/test";
import { SAME_ORIGIN } from "./same-origin";

/** The instructors' dashboard of a seminar. */
export class DashboardPage {
  readonly heatmap: Locator;
  readonly prompts: Locator;
  readonly participation: Locator;
  readonly connection: Locator;

  constructor(readonly page: Page) {
    this.heatmap = page.getByTestId("heatmap");
    this.prompts = page.getByTestId("prompts");
    this.participation = page.getByTestId("participation");
    this.connection = page.getByTestId("dashboard-connection");
  }

  /** Opens the dashboard and waits until its socket has joined the seminar's room. */
  async goto(seminarId: string) {
    await this.page.goto(`/seminars/${seminarId}/dashboard`);
    await expect(this.connection).toHaveText("Live");
  }

  /** Paragraph n's cell in the heatmap (a link into the room). */
  heatCell(n: number): Locator {
    return this.page.getByTestId(`heat-${n}`);
  }

  /** "k of m students replied" for the prompt whose text contains `text`. */
  promptReplied(text: string): Locator {
    return this.prompts.locator("li").filter({ hasText: text }).getByTestId("prompt-replied");
  }

  columnHeader(name: string): Locator {
    return this.participation.getByRole("columnheader", { name: new RegExp(`^${name}`) });
  }

  async sortBy(name: string) {
    await this.columnHeader(name).getByRole("button").click();
  }

  /** The members' names, in the table's current order. */
  async memberOrder(): Promise<string[]> {
    return (await this.participation.locator("tbody tr th a").allTextContents()).map((s) => s.trim());
  }
}

/** Posts a prompt on a paragraph through the API, as the signed-in instructor of `page`. */
export async function postPrompt(page: Page, seminarId: string, paragraphId: string, body: string): Promise<string> {
  const r = await page.request.post(`/api/v1/seminars/${seminarId}/threads`, { headers: SAME_ORIGIN, data: { paragraphId, body, kind: "prompt" } });
  expect(r.status(), await r.text()).toBe(201);
  return ((await r.json()) as { id: string }).id;
}
