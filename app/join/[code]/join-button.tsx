"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, ApiError } from "@/lib/client/api";

export function JoinButton({ code }: { code: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div>
      <button
        type="button"
        className="button"
        disabled={busy}
        autoFocus
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            const r = await api<{ seminarId: string }>("/api/v1/join", { body: { code } });
            router.push(`/seminars/${r.seminarId}`);
          } catch (err) {
            setError(err instanceof ApiError ? err.message : "Something went wrong.");
            setBusy(false);
          }
        }}
      >
        {busy ? "Joining…" : "Join seminar"}
      </button>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
