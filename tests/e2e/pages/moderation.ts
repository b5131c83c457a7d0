import { expect, type Locator, type Page } from "@playwright/test";
import type { Member } from "./room";
import { SAME_ORIGIN } from "./same-origin";

/** Makes a thread (and optionally replies) over the API as `m`, on paragraph n of the seminar's reading. */
export async function threadVia(m: Member, seminarId: string, n: number, body: string, extra: Record<string, unknown> = {}): Promise<{ id: string; commentId: string }> {
  const s = await (await m.page.request.get(`/api/v1/seminars/${seminarId}`)).json();
  const reading = await (await m.page.request.get(`/api/v1/readings/${s.reading.id}`)).json();
  const paragraph = reading.paragraphs.find((p: { number: number }) => p.number === n);
  const r = await m.page.request.post(`/api/v1/seminars/${seminarId}/threads`, { headers: SAME_ORIGIN, data: { paragraphId: paragraph.id, body, ...extra } });
  expect(r.status(), await r.text()).toBe(201);
  const t = await r.json();
  return { id: t.id, commentId: t.comments[0].id };
}

export async function replyVia(m: Member, threadId: string, body: string): Promise<string> {
  const r = await m.page.request.post(`/api/v1/threads/${threadId}/comments`, { headers: SAME_ORIGIN, data: { body } });
  expect(r.status(), await r.text()).toBe(201);
  return (await r.json()).id;
}

/** The moderation parts of the room: per-comment and per-thread controls, reports, the dialog. */
export class ModerationControls {
  readonly reportsCount: Locator;
  readonly reportsButton: Locator;
  readonly reportsPanel: Locator;
  readonly dialog: Locator;
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.reportsCount = page.getByTestId("reports-count");
    this.reportsButton = page.getByTestId("reports-button");
    this.reportsPanel = page.getByTestId("reports-panel");
    this.dialog = page.getByTestId("report-dialog");
    this.notice = page.getByTestId("room-notice");
  }

  async openReportDialog(comment: Locator) {
    await comment.getByRole("button", { name: /^Report the comment by / }).click();
    await expect(this.dialog).toBeVisible();
    await expect(this.dialog.getByLabel("Why should the instructors look at it?")).toBeFocused();
  }

  async report(comment: Locator, reason: string) {
    await this.openReportDialog(comment);
    await this.dialog.getByLabel("Why should the instructors look at it?").fill(reason);
    await this.dialog.getByRole("button", { name: "Send report" }).click();
  }
}
