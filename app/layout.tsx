import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { currentActor } from "@/lib/auth/session";
import { unreadCount } from "@/lib/domain/notifications/service";
import { SignOutButton } from "./_components/sign-out-button";
import { NotificationBell } from "./_components/notification-bell";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Colloquy", template: "%s · Colloquy" },
  description: "Read a text together, paragraph by paragraph, and discuss it in the margin.",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fbfaf7" },
    { media: "(prefers-color-scheme: dark)", color: "#16181c" },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const actor = await currentActor();
  const unread = actor ? await unreadCount(actor) : 0;
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <Link href="/" className="wordmark">
            Colloquy
          </Link>
          <span className="tagline">Read together, think in the margin</span>
          <nav className="site-nav" aria-label="Account">
            {actor ? (
              <>
                <Link href="/seminars">My seminars</Link>
                <NotificationBell initialUnread={unread} />
                <Link href="/account" className="site-nav-user" title={actor.email}>
                  {actor.name}
                </Link>
                <SignOutButton />
              </>
            ) : (
              <>
                <Link href="/signin">Sign in</Link>
                <Link href="/signup" className="button button-small">
                  Create account
                </Link>
              </>
            )}
          </nav>
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">Colloquy · a seminar reading room</footer>
      </body>
    </html>
  );
}
