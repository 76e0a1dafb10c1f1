import { useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, Checkbox, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { HookView } from "../../settings/settings-page.server";
import type { TestSendResult } from "../../messaging/test-message.server";
import { SectionForm, useSection } from "./section-form";

const LABEL = { email: "Email", sms: "SMS" } as const;

/** One channel's endpoint: URL, secret (never shown whole), on/off, and "Send test". */
export function SendHookCard({ hook, demo }: { hook: HookView; demo: boolean }) {
  const section = useSection();
  const [url, setUrl] = useState(hook.url);
  const [secret, setSecret] = useState("");
  const [enabled, setEnabled] = useState(hook.enabled);
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between">
          <Text as="h3" variant="headingMd">
            {LABEL[hook.channel]} endpoint
          </Text>
          {hook.builtin && demo ? <Badge tone="info">Built-in outbox</Badge> : <Badge tone={hook.enabled ? "success" : undefined}>{hook.enabled ? "On" : "Off"}</Badge>}
        </InlineStack>
        <SectionForm section={section} intent="hook">
          <input type="hidden" name="channel" value={hook.channel} />
          <input type="hidden" name="enabled" value={enabled ? "on" : "off"} />
          <TextField
            label="Endpoint URL"
            name="url"
            value={url}
            onChange={setUrl}
            autoComplete="off"
            placeholder={demo ? "Empty: the built-in outbox (demo)" : "https://provider.example/hooks/segmentflow"}
            helpText="Each message is an HTTPS POST signed with the secret (Segmentflow-Signature header)."
            error={section.errors.url}
          />
          <TextField
            label="Signing secret"
            name="secret"
            type="password"
            value={secret}
            onChange={setSecret}
            autoComplete="off"
            helpText={hook.hasSecret ? `Leave blank to keep the current secret (${hook.secretHint}).` : "Leave blank to generate one."}
            error={section.errors.secret}
          />
          <Checkbox label={`Send ${hook.channel === "email" ? "email" : "SMS"} messages`} checked={enabled} onChange={setEnabled} />
        </SectionForm>
        <SendTest channel={hook.channel} />
      </BlockStack>
    </Card>
  );
}

function SendTest({ channel }: { channel: "email" | "sms" }) {
  const fetcher = useFetcher<{ test?: TestSendResult; errors?: Record<string, string> }>();
  const [to, setTo] = useState("");
  const result = fetcher.data?.test;
  return (
    <Box paddingBlockStart="200" borderBlockStartWidth="025" borderColor="border">
      <fetcher.Form method="post">
        <input type="hidden" name="intent" value="test" />
        <input type="hidden" name="channel" value={channel} />
        <BlockStack gap="300">
          <InlineStack gap="300" blockAlign="end" wrap={false}>
            <Box width="100%">
              <TextField
                label={channel === "email" ? "Send a test to (email)" : "Send a test to (phone)"}
                name="to"
                value={to}
                onChange={setTo}
                autoComplete="off"
                error={fetcher.data?.errors?.to}
              />
            </Box>
            <Button submit loading={fetcher.state !== "idle"}>
              Send test
            </Button>
          </InlineStack>
          {result ? (
            <Banner tone={result.ok ? "success" : "critical"} title={result.ok ? `Delivered: HTTP ${result.status}` : "The endpoint did not accept the test"}>
              <BlockStack gap="100">
                <Text as="p">
                  {result.url ?? "No endpoint"}
                  {result.durationMs !== null ? ` · ${result.durationMs} ms` : ""}
                </Text>
                {result.error ? <Text as="p">{result.error}</Text> : null}
                {result.response ? (
                  <Text as="p" tone="subdued" breakWord>
                    Response: {result.response}
                  </Text>
                ) : null}
              </BlockStack>
            </Banner>
          ) : null}
        </BlockStack>
      </fetcher.Form>
    </Box>
  );
}
