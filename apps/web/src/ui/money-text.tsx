// Money as people read it, wherever money shows. A value the reader's role may not see arrives as the domain's
// Masked shape (not null, not zero): it shows as a lock and "masked" (its reason in a hover title), and the page
// says why once — in the legend at its top (MaskedLegend, fed by every masked value shown), or in the page's own
// MaskedNotice. The reason is not repeated in each value: a page of sixty masked amounts read out sixty sentences
// and offered sixty focus stops that did nothing (found by the new-user trial).
import { type Currency, type InvoiceLine, invoiceTotal, isMasked, type Masked } from "@accountable/domain";
import { Alert } from "@mantine/core";
import { formatMoney, type MoneyLike } from "./format.ts";
import { LockGlyph, useMaskedReason } from "./masked-reasons.tsx";

export { MaskedLegend, MaskedReasonsProvider } from "./masked-reasons.tsx";

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

/** The value as plain text (an aria-label, a title): "€1,200.00", "masked" or the empty mark. */
export function moneyLabel(value: MoneyValue, options: { compact?: boolean; empty?: string } = {}): string {
  if (value === null || value === undefined) return options.empty ?? "—";
  if (isMasked(value)) return "masked";
  return formatMoney(value, options.compact ?? false);
}

/**
 * An amount, or "masked" (see the module comment); `empty` stands for no value. The reason is the page legend's
 * and the hover title's, never the value's own text.
 */
export function MoneyText(props: {
  readonly value: MoneyValue;
  readonly compact?: boolean;
  readonly empty?: string;
  /**
   * Inside a control that is itself focusable (a deal card): the word is left out of the control's accessible
   * name, which says what the control is (the deal), not what its reader may not see.
   */
  readonly insideControl?: boolean;
}) {
  const { value } = props;
  useMaskedReason(isMasked(value) ? value.reason : undefined);
  if (!isMasked(value)) return <>{moneyLabel(value, props)}</>;
  return (
    <span
      data-masked="true"
      title={value.reason}
      style={{ cursor: "help", whiteSpace: "nowrap" }}
      {...(props.insideControl ? { "aria-hidden": true } : {})}
    >
      <LockGlyph />
      masked
    </span>
  );
}

/** A sentence as it reads after a colon: "A viewer reads…" → "a viewer reads…" (an acronym such as "SLA" kept). */
export const afterColon = (sentence: string): string =>
  /^[A-Z](?![A-Z])/.test(sentence) ? sentence[0]!.toLowerCase() + sentence.slice(1) : sentence;

/**
 * Said once at the top of a page whose amounts the member may not see (all or some of them), so a page of
 * "masked" cells reads as the rule it is, not as missing data; nothing when every value shown is visible.
 */
export function MaskedNotice(props: { readonly values: readonly MoneyValue[] }) {
  const masked = props.values.find(isMasked);
  // Said here, so not again in the layout's legend.
  useMaskedReason(masked?.reason, true);
  if (!masked) return null;
  const all = props.values.every((v) => v === null || v === undefined || isMasked(v));
  return (
    <Alert color="gray" variant="light" data-testid="masked-notice" icon={<LockGlyph />}>
      {all ? "Amounts here are masked for you" : "Some amounts here are masked for you"}:{" "}
      {afterColon(masked.reason)}
    </Alert>
  );
}
