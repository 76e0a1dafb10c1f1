import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { useEffect } from "react";

export default function App() {
  // `<html data-hydrated>` once React has taken over the server-rendered page: browser tests (and
  // anything else that must not act on a not-yet-interactive form) wait for it
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="shopify-debug" content="web-vitals" />
        <title>Segmentflow</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

/** Last-resort error page (outside the admin layout, so no Polaris). */
export function ErrorBoundary() {
  const error = useRouteError();
  const title = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : "Something went wrong";
  const detail = isRouteErrorResponse(error) ? String(error.data ?? "") : "An unexpected error occurred. Please reload the page.";
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <title>{title} · Segmentflow</title>
        <Meta />
        <Links />
      </head>
      <body style={{ fontFamily: "system-ui, sans-serif", padding: "2rem" }}>
        <main>
          <h1>{title}</h1>
          <p>{detail}</p>
        </main>
        <Scripts />
      </body>
    </html>
  );
}
