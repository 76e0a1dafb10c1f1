import { Banner, BlockStack, Box, Button, InlineError, InlineStack, Select, Text } from "@shopify/polaris";
import { useBuilder, nodeDomId } from "./builder-context";
import type { DraftCondition } from "./definition-editing";
import { FieldInput, isBlockField, isFieldShown } from "./field-input";
import { fieldsFor, issueText, switchShape } from "./values";

/** One condition: its inputs as a sentence, duplicate and remove, and the server's problems with it. */
export function ConditionRow({ condition }: { condition: DraftCondition }) {
  const { conditionOf, names, issuesByNode, dispatch, today } = useBuilder();
  const description = conditionOf(condition.type);
  const name = names.get(condition.id) ?? condition.type;
  const issues = issuesByNode.get(condition.id) ?? [];
  const domId = nodeDomId(condition.id);
  const remove = () => dispatch({ type: "remove", nodeId: condition.id });

  if (!description) {
    return (
      <div id={domId}>
        <Banner tone="critical" title={`Unknown condition “${condition.type}”`} action={{ content: "Remove it", onAction: remove }}>
          <p>This condition is not available any more. Remove it to save the segment.</p>
        </Banner>
      </div>
    );
  }

  const update = (next: DraftCondition) => dispatch({ type: "update_condition", nodeId: condition.id, condition: next });
  const fields = fieldsFor(description, condition).filter((f) => isFieldShown(f, condition));
  const inline = fields.filter((f) => !isBlockField(f));
  const blocks = fields.filter(isBlockField);
  const shapes = description.shapes;
  const renderField = (field: (typeof fields)[number]) => (
    <FieldInput key={field.key} field={field} condition={condition} description={description} name={name} onChange={update} />
  );

  return (
    <div id={domId} role="group" aria-label={name} aria-describedby={issues.length ? `${domId}Error` : undefined}>
      <Box padding="300" borderWidth="025" borderColor={issues.length ? "border-critical" : "border"} borderRadius="200" background="bg-surface">
        <BlockStack gap="200">
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <InlineStack gap="200" blockAlign="baseline">
              <Text as="h3" variant="headingSm">
                {name}
              </Text>
              <Text as="span" tone="subdued" variant="bodySm">
                {description.description}
              </Text>
            </InlineStack>
            <InlineStack gap="100">
              <Button variant="tertiary" onClick={() => dispatch({ type: "duplicate", nodeId: condition.id })} accessibilityLabel={`Duplicate ${name}`}>
                Duplicate
              </Button>
              <Button variant="tertiary" tone="critical" onClick={remove} accessibilityLabel={`Remove ${name}`}>
                Remove
              </Button>
            </InlineStack>
          </InlineStack>
          <InlineStack gap="200" blockAlign="start" wrap>
            {inline.filter((f) => description.fields.includes(f)).map(renderField)}
            {shapes && (
              <Select
                label={`${shapes.label} for ${name}`}
                labelHidden
                options={shapes.options.map((o) => ({ value: o.value, label: o.label }))}
                value={String(condition[shapes.key] ?? "")}
                onChange={(value) => update(switchShape(condition, description, value, today))}
              />
            )}
            {inline.filter((f) => !description.fields.includes(f)).map(renderField)}
          </InlineStack>
          {blocks.map((field) => (
            <BlockStack key={field.key} gap="100">
              <Text as="span" variant="bodySm" tone="subdued">
                {field.label}
                {field.kind === "id_list" && field.optional ? " (optional: leave empty for any)" : ""}
              </Text>
              <FieldInput field={field} condition={condition} description={description} name={name} onChange={update} />
            </BlockStack>
          ))}
          {issues.length > 0 && <InlineError fieldID={domId} message={issues.map((m) => issueText(m, description.label)).join(" · ")} />}
        </BlockStack>
      </Box>
    </div>
  );
}
