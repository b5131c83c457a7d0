"use client";

// One shape for "run an API call from a form, show what happened": busy while it runs, the
// server's message on failure, a confirmation on success, then the page's server data refreshed.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError } from "@/lib/client/api";

export function useApiAction() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [ok, setOk] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function run<T>(what: () => Promise<T>, done: string): Promise<T | undefined> {
    setBusy(true);
    setError(null);
    setOk(null);
    try {
      const r = await what();
      setOk(done);
      router.refresh();
      return r;
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Something went wrong.");
    } finally {
      setBusy(false);
    }
  }
  const status = (
    <div aria-live="polite" className="action-status">
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : ok ? (
        <p className="form-ok">{ok}</p>
      ) : null}
    </div>
  );
  return { run, busy, status };
}
