import { BlockStack, Card, Text } from "@shopify/polaris";

export type PreviewMessage = { channel: "email" | "sms"; to: string; subject: string | null; body: string; idempotencyKey: string; received: string };

/** One received message. Email HTML is shown in a sandboxed frame: no scripts, no same-origin access. */
export function MessagePreview({ message }: { message: PreviewMessage }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h3" variant="headingMd">
          {message.subject ?? "SMS"}
        </Text>
        <Text as="p" tone="subdued">
          To {message.to} · {message.received} · key {message.idempotencyKey}
        </Text>
        {message.channel === "email" ? (
          <iframe title="Email preview" sandbox="" srcDoc={message.body} style={{ width: "100%", minHeight: 360, border: "1px solid #e1e3e5", borderRadius: 8, background: "white" }} />
        ) : (
          <pre style={{ whiteSpace: "pre-wrap", fontFamily: "inherit", margin: 0 }}>{message.body}</pre>
        )}
      </BlockStack>
    </Card>
  );
}
