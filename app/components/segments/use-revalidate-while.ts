import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";

/** Reloads the page's data every `intervalMs` while `active` (a segment is computing), then stops. */
export function useRevalidateWhile(active: boolean, intervalMs = 1_000): void {
  const revalidator = useRevalidator();
  const idle = revalidator.state === "idle";
  useEffect(() => {
    if (!active || !idle) return;
    const timer = setTimeout(() => revalidator.revalidate(), intervalMs);
    return () => clearTimeout(timer);
  }, [active, idle, intervalMs, revalidator]);
}
