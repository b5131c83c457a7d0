import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { AppError } from "@/lib/errors";
import { currentActor } from "@/lib/auth/session";
import { getReading } from "@/lib/domain/readings/service";
import { readingSlug } from "@/lib/domain/readings/schema";
import { ReadingText } from "@/app/_components/reading-text";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }> };

// One query per request even though both the metadata and the page need the reading.
const loadReading = cache(async (slug: string) => {
  if (!readingSlug.safeParse(slug).success) notFound();
  try {
    return await getReading(slug, await currentActor());
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_FOUND") notFound();
    throw err;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const reading = await loadReading((await params).slug);
  return { title: reading.title, description: [reading.author, reading.year, reading.source].filter(Boolean).join(", ") };
}

export default async function ReadingPage({ params }: Props) {
  return <ReadingText reading={await loadReading((await params).slug)} />;
}
