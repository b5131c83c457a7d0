import { expect, type Locator, type Page } from "@playwright/test";

/** The header's bell (on every signed-in page) and the /notifications page. */
export class NotificationsPage {
  readonly bell: Locator;
  readonly badge: Locator;
  readonly list: Locator;
  readonly markAll: Locator;

  constructor(readonly page: Page) {
    this.bell = page.getByTestId("notification-bell");
    this.badge = page.getByTestId("unread-badge");
    this.list = page.getByTestId("notification-list");
    this.markAll = page.getByRole("button", { name: "Mark all as read" });
  }

  /** The badge shows `n` (and the bell says so to screen readers); 0 means no badge at all. */
  async expectUnread(n: number) {
    if (n === 0) {
      await expect(this.badge).toHaveCount(0);
      await expect(this.bell).toHaveAccessibleName("Notifications, none unread");
    } else {
      await expect(this.badge).toHaveText(String(n));
      await expect(this.bell).toHaveAccessibleName(`Notifications, ${n} unread`);
    }
  }

  /** Opens the list from the bell, as a reader would. */
  async openFromBell() {
    await this.bell.click();
    await expect(this.page).toHaveURL(/\/notifications$/);
    await expect(this.page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
  }

  item(text: string | RegExp): Locator {
    return this.list.locator("[data-notification-id]").filter({ hasText: text });
  }

  unreadItems(): Locator {
    return this.list.locator(".notification-unread");
  }
}
