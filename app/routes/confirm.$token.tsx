import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getDb } from "../db.server";
import { confirmByToken, confirmView } from "../popup/confirm.server";

/**
 * /confirm/<token>: the double opt-in page of a popup signup's confirmation email (no login; the
 * token is the proof). GET asks; POST confirms.
 */
export const meta: MetaFunction = () => [{ title: "Confirm your subscription" }, { name: "robots", content: "noindex" }];

const NO_STORE = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

export const loader = ({ params }: LoaderFunctionArgs) => {
  const view = confirmView(getDb(), { token: params.token });
  if (!view) throw new Response("This confirmation link is not valid.", { status: 404 });
  return json(view, { headers: NO_STORE });
};

export const action = ({ params }: ActionFunctionArgs) => {
  const view = confirmByToken(getDb(), { token: params.token, now: Date.now() });
  if (!view) throw new Response("This confirmation link is not valid.", { status: 404 });
  return json(view, { headers: NO_STORE });
};

const box = { fontFamily: "system-ui, -apple-system, sans-serif", maxWidth: 480, margin: "4rem auto", padding: "2rem", border: "1px solid #e1e3e5", borderRadius: 12 } as const;

export default function ConfirmPage() {
  const loaded = useLoaderData<typeof loader>();
  const view = useActionData<typeof action>() ?? loaded;
  return (
    <main style={box}>
      <h1 style={{ fontSize: "1.4rem" }}>{view.shopName}</h1>
      {view.state === "subscribed" ? (
        <p>Thank you: {view.address} is subscribed to emails from {view.shopName}.</p>
      ) : view.state === "pending" ? (
        <Form method="post">
          <p>Receive emails from {view.shopName} at {view.address}?</p>
          <button type="submit" style={{ padding: "0.6rem 1.2rem", fontSize: "1rem", cursor: "pointer" }}>
            Confirm my subscription
          </button>
        </Form>
      ) : (
        <p>This signup can no longer be confirmed. Sign up again on the store to subscribe.</p>
      )}
    </main>
  );
}
