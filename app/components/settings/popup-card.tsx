import { BlockStack, Card, Checkbox, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { PopupSettings } from "../../settings/shop-settings";
import { SectionForm, useSection } from "./section-form";

/**
 * What the app trusts from the storefront's signup popup: double opt-in, the tags every subscriber
 * gets, and the tags the theme block may add. How the popup looks is set in the theme editor.
 */
export function PopupCard({ popup }: { popup: PopupSettings }) {
  const section = useSection();
  const [doubleOptIn, setDoubleOptIn] = useState(popup.doubleOptIn);
  const [tags, setTags] = useState(popup.tags.join(", "));
  const [blockTags, setBlockTags] = useState(popup.blockTags.join(", "));
  return (
    <Card>
      <BlockStack gap="400">
        <SectionForm section={section} intent="popup">
          <input type="hidden" name="doubleOptIn" value={doubleOptIn ? "on" : "off"} />
          <Checkbox
            label="Ask new email subscribers to confirm (double opt-in)"
            helpText="They get an email with a confirmation link and stay “pending” until they follow it; no marketing reaches them before."
            checked={doubleOptIn}
            onChange={setDoubleOptIn}
          />
          <TextField
            label="Tags every popup subscriber gets"
            name="tags"
            value={tags}
            onChange={setTags}
            autoComplete="off"
            helpText="Separate tags with commas. Added in Segmentflow and on the customer in Shopify."
            error={section.errors.tags}
          />
          <TextField
            label="Tags the theme block may add"
            name="blockTags"
            value={blockTags}
            onChange={setBlockTags}
            autoComplete="off"
            helpText="The popup block's own “Tags” setting may only use these; visitors can send any text, so other tags are refused."
            error={section.errors.blockTags}
          />
        </SectionForm>
      </BlockStack>
    </Card>
  );
}
