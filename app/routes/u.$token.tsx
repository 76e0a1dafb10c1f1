import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../db.server";
import { unsubscribeByToken, unsubscribeView } from "../messaging/unsubscribe.server";

/**
 * /u/<token>: the public unsubscribe page of every email (no login; the token is the proof).
 * GET asks for confirmation; POST unsubscribes, including the RFC 8058 one-click POST.
 */
export const meta: MetaFunction = () => [{ title: "Unsubscribe" }, { name: "robots", content: "noindex" }];

export const loader = ({ params }: LoaderFunctionArgs) => {
  const view = unsubscribeView(getDb(), { token: params.token });
  if (!view) throw new Response("This unsubscribe link is not valid.", { status: 404 });
  return json(view, { headers: { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } });
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const form = await request.formData().catch(() => new FormData());
  const oneClick = form.get("List-Unsubscribe") === "One-Click";
  const result = unsubscribeByToken(getDb(), { token: params.token, oneClick, now: Date.now() });
  if (!result) throw new Response("This unsubscribe link is not valid.", { status: 404 });
  return json({ unsubscribed: true });
};

const box = { fontFamily: "system-ui, -apple-system, sans-serif", maxWidth: 480, margin: "4rem auto", padding: "2rem", border: "1px solid #e1e3e5", borderRadius: 12 } as const;

export default function UnsubscribePage() {
  const view = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>()?.unsubscribed || !view.subscribed;
  const what = view.channel === "email" ? "marketing emails" : "marketing text messages";
  return (
    <main style={box}>
      <h1 style={{ fontSize: "1.4rem" }}>{view.shopName}</h1>
      {done ? (
        <p>{view.address} will no longer receive {what} from {view.shopName}.</p>
      ) : (
        <Form method="post">
          <p>Stop sending {what} to {view.address}?</p>
          <button type="submit" name="confirm" value="yes" style={{ padding: "0.6rem 1.2rem", fontSize: "1rem", cursor: "pointer" }}>
            Unsubscribe
          </button>
        </Form>
      )}
    </main>
  );
}
