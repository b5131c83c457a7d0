import type { Metadata } from "next";
import { listTokens } from "@/lib/domain/tokens/service";
import { getAccount } from "@/lib/domain/users/service";
import { requirePageActor } from "@/lib/pages/guards";
import { getPreferences } from "@/lib/domain/notifications/service";
import { listSessions } from "@/lib/domain/sessions/service";
import { AccountForms } from "./account-forms";
import { DeleteAccountCard, SessionsCard } from "./security-forms";
import { NotificationPreferencesForm } from "./notification-preferences";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const actor = await requirePageActor("/account");
  const [account, tokens, preferences, sessions] = await Promise.all([getAccount(actor), listTokens(actor), getPreferences(actor), listSessions(actor)]);
  return (
    <div className="page narrow">
      <h1 className="page-title">Account</h1>
      <p className="lede">Signed in as {account.email}.</p>
      <AccountForms account={account} tokens={tokens} />
      <div className="settings">
        <NotificationPreferencesForm preferences={preferences} />
        <SessionsCard sessions={sessions} />
        <DeleteAccountCard />
      </div>
    </div>
  );
}
