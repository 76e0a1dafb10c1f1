import { useEffect, useRef, useState } from "react";
import type { DefinitionIssue } from "../../segments/definition";
import type { Draft } from "./definition-editing";
import { LatestRequest } from "./latest-request";

/** The live count's resource route (app/routes/app.segments.estimate.tsx). */
export const ESTIMATE_URL = "/app/segments/estimate";
export const ESTIMATE_DELAY_MS = 300;

type EstimateResponse = { ok: true; count: number; ms: number } | { ok: false; issues: DefinitionIssue[] };

export type EstimateState =
  | { status: "empty" }
  | { status: "counting"; previous: number | null }
  | { status: "ready"; count: number; ms: number }
  | { status: "invalid" }
  | { status: "error"; previous: number | null };

async function postEstimate(draft: Draft, signal: AbortSignal): Promise<EstimateResponse> {
  const response = await fetch(ESTIMATE_URL, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ definition: draft }),
    signal,
  });
  if (response.status >= 500 || !response.headers.get("Content-Type")?.includes("json")) throw new Error(`estimate answered ${response.status}`);
  return (await response.json()) as EstimateResponse;
}

/**
 * The estimated size while the merchant edits: a count after each pause in editing (debounced,
 * the request in flight cancelled, older answers dropped by sequence number), and the problems the
 * server found, kept on screen until the next answer so they do not flicker while typing.
 */
export function useLiveEstimate(draft: Draft): { estimate: EstimateState; issues: DefinitionIssue[] } {
  const [estimate, setEstimate] = useState<EstimateState>({ status: "empty" });
  const [issues, setIssues] = useState<DefinitionIssue[]>([]);
  const lastCount = useRef<number | null>(null);
  const requests = useRef<LatestRequest<Draft, EstimateResponse> | null>(null);
  requests.current ??= new LatestRequest<Draft, EstimateResponse>({
    delayMs: ESTIMATE_DELAY_MS,
    run: postEstimate,
    onPending: () => setEstimate({ status: "counting", previous: lastCount.current }),
    onResult: (result) => {
      if (result.ok) {
        lastCount.current = result.count;
        setEstimate({ status: "ready", count: result.count, ms: result.ms });
        setIssues([]);
      } else {
        setEstimate({ status: "invalid" });
        setIssues(result.issues);
      }
    },
    onError: () => setEstimate({ status: "error", previous: lastCount.current }),
  });

  const key = JSON.stringify(draft);
  useEffect(() => {
    const parsed = JSON.parse(key) as Draft;
    if (parsed.root.children.length === 0) {
      requests.current!.cancel();
      setEstimate({ status: "empty" });
      setIssues([]);
      return;
    }
    requests.current!.request(parsed);
  }, [key]);
  useEffect(() => () => requests.current?.cancel(), []);

  return { estimate, issues };
}
