"use client";

// The discussion panel as a bottom sheet on phones (globals.css, "Phones"): half the screen or
// nearly all of it, dragged between the two by its handle, closed by dragging it down or by its
// Close button. The handle is also a toggle button ("Full height", aria-pressed), so keyboard and
// screen-reader users get the same two sizes. On wider screens the handle is not shown and the
// panel is a side column; nothing here acts there.
import { useCallback, useEffect, useRef, useState, type RefObject } from "react";

/** The sheet is the panel's shape below this width (the same breakpoint as globals.css). */
const PHONE = "(max-width: 52rem)";
/** Released above this share of the screen the sheet goes to full height; below CLOSE_AT it closes. */
const FULL_AT = 0.72;
const CLOSE_AT = 0.22;
/** A move shorter than this is a tap on the handle (a toggle), not a drag. */
const DRAG_SLOP = 6;

/** A height set while dragging, or "" for the stylesheet's (half or full). */
function setHeight(el: HTMLElement | null, height: string) {
  if (el) el.style.height = height;
}

const isSheet = () => typeof window !== "undefined" && window.matchMedia(PHONE).matches;

/**
 * Keeps the paragraph under discussion visible above the sheet: when the sheet opens on a
 * paragraph that it would cover (the margin button sits under its text, so a tapped paragraph is
 * usually at the bottom of the screen), the page scrolls to put the paragraph near the top.
 */
function useParagraphAboveSheet(panel: RefObject<HTMLElement | null>, paragraphNumber: number) {
  useEffect(() => {
    if (!isSheet()) return;
    const frame = requestAnimationFrame(() => {
      const row = document.getElementById(`p-${paragraphNumber}`);
      const sheet = panel.current;
      if (!row || !sheet) return;
      const top = row.getBoundingClientRect().top;
      const visibleBottom = sheet.getBoundingClientRect().top;
      // In view with a few lines showing: leave the page where the reader put it.
      if (top >= 0 && top + 64 <= visibleBottom) return;
      window.scrollBy({ top: top - 12 });
    });
    return () => cancelAnimationFrame(frame);
  }, [panel, paragraphNumber]);
}

export function useBottomSheet(panel: RefObject<HTMLElement | null>, paragraphNumber: number, onClose: () => void) {
  const [full, setFull] = useState(false);
  const drag = useRef<{ startY: number; startHeight: number; moved: boolean } | null>(null);
  const dragged = useRef(false);
  useParagraphAboveSheet(panel, paragraphNumber);

  const onPointerDown = useCallback(
    (e: React.PointerEvent<HTMLElement>) => {
      if (!panel.current || !isSheet() || (e.pointerType === "mouse" && e.button !== 0)) return;
      e.currentTarget.setPointerCapture(e.pointerId);
      drag.current = { startY: e.clientY, startHeight: panel.current.getBoundingClientRect().height, moved: false };
    },
    [panel],
  );
  const onPointerMove = useCallback(
    (e: React.PointerEvent<HTMLElement>) => {
      const d = drag.current;
      if (!d || !panel.current) return;
      const dy = d.startY - e.clientY;
      if (Math.abs(dy) > DRAG_SLOP) d.moved = true;
      if (!d.moved) return;
      // The sheet follows the finger directly (no React render per move).
      setHeight(panel.current, `${Math.min(window.innerHeight, Math.max(0, d.startHeight + dy))}px`);
    },
    [panel],
  );
  const onPointerUp = useCallback(
    (e: React.PointerEvent<HTMLElement>) => {
      const d = drag.current;
      drag.current = null;
      if (!d || !panel.current) return;
      if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
      if (!d.moved) return;
      dragged.current = true; // the click that follows this pointerup is not a toggle
      const share = panel.current.getBoundingClientRect().height / window.innerHeight;
      setHeight(panel.current, "");
      if (share < CLOSE_AT) onClose();
      else setFull(share > FULL_AT);
    },
    [panel, onClose],
  );
  const onPointerCancel = useCallback(() => {
    drag.current = null;
    setHeight(panel.current, "");
  }, [panel]);
  const onClick = useCallback(() => {
    if (dragged.current) {
      dragged.current = false;
      return;
    }
    setFull((f) => !f);
  }, []);

  return { full, handle: { onPointerDown, onPointerMove, onPointerUp, onPointerCancel, onClick } };
}

/** The grab bar at the top of the sheet; a toggle button between half and full height. */
export function SheetHandle({ full, handle }: ReturnType<typeof useBottomSheet>) {
  return (
    <button type="button" className="sheet-handle" aria-label="Full height" aria-pressed={full} title={full ? "Drag down or tap for half height" : "Drag up or tap for full height"} {...handle}>
      <span className="sheet-grip" aria-hidden="true" />
    </button>
  );
}
