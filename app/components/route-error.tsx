import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Banner, Page } from "@shopify/polaris";

/** A page-level error a merchant can understand, for errors thrown by one admin page. */
export function RouteErrorPage({ backUrl, notFoundTitle }: { backUrl: string; notFoundTitle: string }) {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <Page title={notFound ? notFoundTitle : "Something went wrong"} backAction={{ content: "Back", url: backUrl }}>
      <Banner tone={notFound ? "warning" : "critical"}>
        <p>
          {notFound
            ? "It may have been deleted, or the link is out of date."
            : "This page could not be loaded. Please try again in a moment."}
        </p>
      </Banner>
    </Page>
  );
}
