export default function Loading() {
  return (
    <div className="page loading" role="status" aria-live="polite">
      <p>Loading…</p>
    </div>
  );
}
