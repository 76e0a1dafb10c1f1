import { Box, Button, DatePicker, Popover, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useBuilder } from "./builder-context";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function toLocalDate(iso: string): Date | null {
  const m = ISO_DATE.exec(iso);
  if (!m) return null;
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(date.getTime()) ? null : date;
}

function toIso(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
}

/** A calendar date: typed (YYYY-MM-DD) or picked from a calendar in a popover. */
export function DateInput({ label, value, onChange }: { label: string; value: unknown; onChange: (value: string) => void }) {
  const { today } = useBuilder();
  const text = typeof value === "string" ? value : "";
  const selected = toLocalDate(text);
  const shown = selected ?? toLocalDate(today) ?? new Date();
  const [open, setOpen] = useState(false);
  const [view, setView] = useState({ month: shown.getMonth(), year: shown.getFullYear() });

  const toggle = () => {
    if (!open) setView({ month: shown.getMonth(), year: shown.getFullYear() });
    setOpen(!open);
  };

  return (
    <div style={{ width: 230 }}>
      <Popover
        active={open}
        onClose={() => setOpen(false)}
        preferredAlignment="left"
        autofocusTarget="first-node"
        activator={
          <TextField
            label={label}
            labelHidden
            value={text}
            placeholder="YYYY-MM-DD"
            autoComplete="off"
            onChange={onChange}
            connectedRight={
              <Button onClick={toggle} ariaExpanded={open} accessibilityLabel={`Open the calendar for ${label}`}>
                Calendar
              </Button>
            }
          />
        }
      >
        <Box padding="400">
          <DatePicker
            month={view.month}
            year={view.year}
            onMonthChange={(month, year) => setView({ month, year })}
            selected={selected ?? undefined}
            onChange={({ start }) => {
              onChange(toIso(start));
              setOpen(false);
            }}
          />
        </Box>
      </Popover>
    </div>
  );
}
