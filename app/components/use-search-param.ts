import { useSearchParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

/** How long typing in a list's search field waits before it changes the URL. */
export const SEARCH_DEBOUNCE_MS = 300;

type NavigateOptions = { replace?: boolean; preventScrollReset?: boolean };

/** Changes a copy of the current search params and navigates to it. */
export type UpdateSearchParams = (change: (next: URLSearchParams) => void, options?: NavigateOptions) => void;

/** `update(change, options)` for the page's search params; `defaults` apply to every navigation unless overridden. */
export function useSearchParamsUpdate(defaults?: NavigateOptions): UpdateSearchParams {
  const [searchParams, setSearchParams] = useSearchParams();
  return (change, options) => {
    const next = new URLSearchParams(searchParams);
    change(next);
    setSearchParams(next, defaults ? { ...defaults, ...options } : options);
  };
}

/**
 * A list's search field bound to the `q` param: the field follows the loader's `query`, and typing
 * replaces `q` (trimmed, dropped when blank) after a pause, first dropping `resetKeys` (the paging).
 */
export function useSearchField(query: string, update: UpdateSearchParams, resetKeys: readonly string[]) {
  const [search, setSearch] = useState(query);
  const timer = useRef<ReturnType<typeof setTimeout>>();

  useEffect(() => setSearch(query), [query]);

  const onSearchChange = (value: string) => {
    setSearch(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(
      () =>
        update(
          (next) => {
            resetKeys.forEach((key) => next.delete(key));
            if (value.trim()) next.set("q", value.trim());
            else next.delete("q");
          },
          { replace: true },
        ),
      SEARCH_DEBOUNCE_MS,
    );
  };
  return { search, onSearchChange };
}

/** The cursor params of a keyset-paged list; a search starts again from the first page. */
export const CURSOR_KEYS = ["after", "before"] as const;

/** Moves a keyset-paged list to the page `after` or `before` the given cursor (nothing without one). */
export function cursorPager(update: UpdateSearchParams) {
  return (key: (typeof CURSOR_KEYS)[number], cursor: string | null) => {
    if (!cursor) return;
    update((next) => {
      CURSOR_KEYS.forEach((k) => next.delete(k));
      next.set(key, cursor);
    });
  };
}
