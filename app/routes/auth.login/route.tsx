import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppProvider as PolarisAppProvider, Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import en from "@shopify/polaris/locales/en.json";
import { LoginErrorType } from "@shopify/shopify-app-remix/server";
import { useState } from "react";
import { getEnv } from "../../env.server";
import { shopify } from "../../shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

const MESSAGES: Partial<Record<LoginErrorType, string>> = {
  [LoginErrorType.MissingShop]: "Please enter your shop domain to log in.",
  [LoginErrorType.InvalidShop]: "Please enter a valid shop domain, e.g. my-shop.myshopify.com.",
};

async function loginErrors(request: Request) {
  const errors = await shopify().login(request);
  return { shop: errors.shop ? (MESSAGES[errors.shop] ?? "Could not log in to this shop.") : undefined };
}

/** Log in by shop domain (outside the Shopify admin). The demo has no login. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  if (getEnv().APP_MODE === "demo") return redirect("/app");
  return json({ errors: await loginErrors(request) });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  if (getEnv().APP_MODE === "demo") return redirect("/app");
  return json({ errors: await loginErrors(request) });
};

export default function Login() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [shop, setShop] = useState("");
  const errors = actionData?.errors ?? loaderData?.errors ?? {};
  return (
    <PolarisAppProvider i18n={en}>
      <Page narrowWidth>
        <Card>
          <Form method="post">
            <FormLayout>
              <Text variant="headingMd" as="h1">
                Log in to Segmentflow
              </Text>
              <TextField
                type="text"
                name="shop"
                label="Shop domain"
                helpText="example.myshopify.com"
                value={shop}
                onChange={setShop}
                autoComplete="on"
                error={errors.shop}
              />
              <Button submit variant="primary">
                Log in
              </Button>
            </FormLayout>
          </Form>
        </Card>
      </Page>
    </PolarisAppProvider>
  );
}
