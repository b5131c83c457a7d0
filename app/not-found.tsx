import Link from "next/link";

export default function NotFound() {
  return (
    <div className="page message-page">
      <h1 className="page-title">Not found</h1>
      <p>There is nothing at this address. It may have been moved, or the link may be mistyped.</p>
      <p>
        <Link href="/">Back to the readings</Link>
      </p>
    </div>
  );
}
