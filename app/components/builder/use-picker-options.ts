import { useEffect, useState } from "react";
import type { PickerKind, PickerOption } from "../../models/segment-builder.server";

/** The options resource route (app/routes/app.segments.options.tsx). */
export const OPTIONS_URL = "/app/segments/options";

/** Names of values already seen, per kind, so a chosen product keeps its title everywhere. */
const labelCache = new Map<string, string>();
const cacheKey = (kind: PickerKind, value: string) => `${kind}:${value.toLowerCase()}`;

async function fetchOptions(params: URLSearchParams, signal: AbortSignal): Promise<PickerOption[]> {
  const response = await fetch(`${OPTIONS_URL}?${params}`, { signal, headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`options answered ${response.status}`);
  const { options } = (await response.json()) as { options: PickerOption[] };
  for (const option of options) labelCache.set(cacheKey(params.get("kind") as PickerKind, option.value), option.label);
  return options;
}

/**
 * A picker's options from the shop's data: searched as the merchant types (debounced, the previous
 * search cancelled), plus the names of the values already chosen.
 */
export function usePickerOptions(kind: PickerKind, query: string, selected: string[]) {
  const [state, setState] = useState<{ options: PickerOption[]; loading: boolean; error: string | null }>({ options: [], loading: true, error: null });
  const [, setNamed] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    const timer = setTimeout(() => {
      fetchOptions(new URLSearchParams({ kind, q: query }), controller.signal)
        .then((options) => setState({ options, loading: false, error: null }))
        .catch(() => {
          if (!controller.signal.aborted) setState({ options: [], loading: false, error: "The list could not be loaded. Type again to retry." });
        });
    }, query ? 200 : 0);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [kind, query]);

  const unnamed = selected.filter((value) => !labelCache.has(cacheKey(kind, value)));
  const unnamedKey = unnamed.join("\u0000");
  useEffect(() => {
    if (!unnamedKey) return;
    const controller = new AbortController();
    const params = new URLSearchParams({ kind });
    for (const value of unnamedKey.split("\u0000")) params.append("value", value);
    fetchOptions(params, controller.signal)
      .then(() => setNamed((n) => n + 1))
      .catch(() => undefined);
    return () => controller.abort();
  }, [kind, unnamedKey]);

  return { ...state, labelOf: (value: string) => labelCache.get(cacheKey(kind, value)) ?? value };
}
