// Money as people read it, wherever money shows. A value the reader's role may not see arrives as the domain's
// Masked shape (not null, not zero): it shows as a lock and "masked", says why in a tooltip (on hover and on
// keyboard focus) and, for a screen reader, in the text itself.
import { type Currency, type InvoiceLine, invoiceTotal, isMasked, type Masked } from "@accountable/domain";
import { Alert, Tooltip, UnstyledButton, VisuallyHidden } from "@mantine/core";
import { formatMoney, type MoneyLike } from "./format.ts";

/** What may stand where money goes: an amount, the masked shape, or no value. */
export type MoneyValue = MoneyLike | Masked | null | undefined;

/** An invoice as a member reads it: its lines' prices may be masked. */
export interface InvoiceAsRead {
  readonly currency: string;
  readonly lines: readonly { readonly quantity: string; readonly unitPrice: MoneyLike | Masked }[];
}

/** An invoice's total (the domain's `invoiceTotal`), or the Masked shape when its prices are masked. */
export function invoiceTotalAsRead(invoice: InvoiceAsRead): MoneyValue {
  const hidden = invoice.lines.map((l) => l.unitPrice).find(isMasked);
  if (hidden) return hidden;
  // Every price shown: the lines are the domain's (a line's amount reads its quantity and unit price only;
  // currencies arrive as plain strings, which the domain's brand only marks).
  return invoiceTotal(invoice as { currency: Currency; lines: InvoiceLine[] });
}

/**
 * The value as plain text (an aria-label, a title): "€1,200.00", "masked" (with why, if asked) or the empty mark.
 */
export function moneyLabel(
  value: MoneyValue,
  options: { compact?: boolean; empty?: string; withReason?: boolean } = {},
): string {
  if (value === null || value === undefined) return options.empty ?? "—";
  if (isMasked(value)) return options.withReason ? `masked (${value.reason})` : "masked";
  return formatMoney(value, options.compact ?? false);
}

/** An amount, or "masked" with the reason (see the module comment); `empty` stands for no value. */
export function MoneyText(props: {
  readonly value: MoneyValue;
  readonly compact?: boolean;
  readonly empty?: string;
  /**
   * Inside a control that is itself focusable (a deal card): no focus stop of its own, the reason in the title
   * only; the control's label says "masked" (see `moneyLabel`).
   */
  readonly insideControl?: boolean;
}) {
  const { value } = props;
  if (!isMasked(value)) return <>{moneyLabel(value, props)}</>;
  if (props.insideControl)
    return (
      <span data-masked="true" title={value.reason}>
        <LockGlyph />
        masked
      </span>
    );
  return (
    <Tooltip
      label={value.reason}
      events={{ hover: true, focus: true, touch: true }}
      withArrow
      multiline
      maw={320}
    >
      {/* A button only so the keyboard can reach it and bring up the reason (it does nothing when pressed); the
          reason is also in its text for screen readers. */}
      <UnstyledButton
        component="span"
        role="button"
        tabIndex={0}
        data-masked="true"
        title={value.reason}
        fz="inherit"
        style={{ cursor: "help", whiteSpace: "nowrap" }}
      >
        <LockGlyph />
        masked
        <VisuallyHidden>{` (${value.reason})`}</VisuallyHidden>
      </UnstyledButton>
    </Tooltip>
  );
}

/**
 * A small padlock drawn in the text's colour: an emoji lock needs a colour-emoji font, which many Linux desktops
 * and servers' browsers lack (it showed as an empty box).
 */
function LockGlyph() {
  return (
    <svg
      aria-hidden="true"
      focusable="false"
      viewBox="0 0 16 16"
      width="0.85em"
      height="0.85em"
      style={{ verticalAlign: "-0.1em", marginRight: "0.25em" }}
    >
      <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <rect x="3" y="7" width="10" height="8" rx="1.5" fill="currentColor" />
    </svg>
  );
}

/**
 * Said once at the top of a page whose amounts the member may not see (all or some of them), so a page of
 * "masked" cells reads as the rule it is, not as missing data; nothing when every value shown is visible.
 */
export function MaskedNotice(props: { readonly values: readonly MoneyValue[] }) {
  const masked = props.values.find(isMasked);
  if (!masked) return null;
  const all = props.values.every((v) => v === null || v === undefined || isMasked(v));
  return (
    <Alert color="gray" variant="light" data-testid="masked-notice" icon={<LockGlyph />}>
      {all ? "Amounts here are masked for you" : "Some amounts here are masked for you"}: {masked.reason}
    </Alert>
  );
}
