import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, List, Page, Text } from "@shopify/polaris";
import { useState } from "react";
import { requireAdmin } from "../admin.server";
import { formatCount, IMPORT_STATUS_LABELS, IMPORT_STATUS_TONES } from "../components/imports/labels";
import { getDb } from "../db.server";
import { formatDateTime } from "../format/dates";
import { importView, listImports } from "../imports/imports.server";
import { MAX_UPLOAD_BYTES, UPLOAD_FIELD } from "../imports/limits";
import { receiveUpload } from "../imports/upload.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const imports = listImports(getDb(), { shopId: shop.id }).map(importView);
  return json({ imports: imports.map((i) => ({ ...i, created: formatDateTime(i.createdAt, shop.timeZone) })) });
};

/** The upload: the file is streamed to disk, then the preview and mapping page opens. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  const result = await receiveUpload(getDb(), { request, shopId: shop.id, now: Date.now() });
  if (!result.ok) return json({ error: result.error }, { status: 400 });
  return redirect(`/app/contacts/imports/${result.importId}`);
};

export default function ImportContactsPage() {
  const { imports } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [uploading, setUploading] = useState(false);

  return (
    <Page title="Import contacts" backAction={{ content: "Contacts", url: "/app/contacts" }}>
      <BlockStack gap="400">
        {actionData?.error ? (
          <Banner tone="critical" title="The file was not uploaded">
            <p>{actionData.error}</p>
          </Banner>
        ) : null}
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              Upload a CSV file
            </Text>
            <Text as="p">
              One row per contact (or per event), with a header row naming the columns. Contacts are matched by email, then phone; you choose what
              each column holds on the next page, after a preview of the first rows.
            </Text>
            <List>
              <List.Item>Contact fields: email, phone, first and last name, country code, city, birthday (YYYY-MM-DD), language, email and SMS consent, tags.</List.Item>
              <List.Item>Custom attributes, and events such as subscription_cancelled with the time they happened.</List.Item>
              <List.Item>Up to {formatCount(MAX_UPLOAD_BYTES / 1024 / 1024)} MB, UTF-8, separated by commas, semicolons or tabs.</List.Item>
            </List>
            {/* a document POST: the browser streams the file itself, with no client-side fetch in between */}
            <Form method="post" encType="multipart/form-data" reloadDocument onSubmit={() => setUploading(true)}>
              <BlockStack gap="300" inlineAlign="start">
                <label htmlFor="import-file">
                  <Text as="span" variant="bodyMd" fontWeight="semibold">
                    CSV file
                  </Text>
                </label>
                <input id="import-file" type="file" name={UPLOAD_FIELD} accept=".csv,.tsv,.txt,text/csv" required />
                <Button submit variant="primary" loading={uploading}>
                  Upload and preview
                </Button>
              </BlockStack>
            </Form>
          </BlockStack>
        </Card>
        {imports.length > 0 ? (
          <Card padding="0">
            <DataTable
              columnContentTypes={["text", "text", "text", "numeric", "numeric"]}
              headings={["File", "Uploaded", "Status", "Imported", "Rejected"]}
              rows={imports.map((i) => [
                <Link key={i.id} to={`/app/contacts/imports/${i.id}`}>
                  {i.fileName}
                </Link>,
                i.created,
                <Badge key="status" tone={IMPORT_STATUS_TONES[i.status]}>
                  {IMPORT_STATUS_LABELS[i.status]}
                </Badge>,
                formatCount(i.counts.imported),
                formatCount(i.counts.rejected + i.counts.duplicates),
              ])}
            />
          </Card>
        ) : null}
      </BlockStack>
    </Page>
  );
}
