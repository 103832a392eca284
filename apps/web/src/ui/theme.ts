// Mantine's theme, with colours that read: Mantine's default shades put text at 2–4 : 1 against its own tinted
// backgrounds (green, orange and yellow badges, white on a green button, the grey "dimmed" text), below the
// 4.5 : 1 that WCAG AA asks of text and that axe-core checks in the end-to-end run. In the light scheme each
// colour's text on its tint (`light` badges and alerts), its filled background under white text and its text
// colour (`c="red"`) are set to a darker tone of the same hue, each at 4.8 : 1 or more; dimmed text is grey 7.
import { Badge, type CSSVariablesResolver, createTheme, Modal, Notification } from "@mantine/core";

export const theme = createTheme({
  primaryColor: "indigo",
  primaryShade: { light: 8, dark: 6 },
  defaultRadius: "md",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  components: {
    // A badge is one or two words ("IN PROGRESS", "MOST LIKELY", "80 %"): never cut to "IN PRO…" by a narrow
    // cell or card; the cell or the row around it makes room instead.
    Badge: Badge.extend({ styles: { root: { minWidth: "max-content", flexShrink: 0 } } }),
    // Mantine's close buttons (a dialog's ×, a notification's ×) have no name of their own: axe found them, as a
    // screen reader would, as unnamed buttons once a command's "done" notification showed.
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { "aria-label": "Close" } } }),
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { "aria-label": "Dismiss the notification" } },
    }),
  },
});

/** Per colour: text on its tint, and a filled background under white text (measured, see the module comment). */
const READABLE: Readonly<Record<string, readonly [text: string, filled: string]>> = {
  indigo: ["#3654c9", "#3b5bdb"],
  green: ["#216f30", "#278238"],
  red: ["#b32727", "#d72f2f"],
  orange: ["#a74009", "#c34b0a"],
  yellow: ["#905400", "#a35f00"],
  gray: ["#343a40", "#343a40"],
  blue: ["#1661a7", "#1971c2"],
  teal: ["#076f4f", "#08805c"],
  grape: ["#9032a7", "#9c36b5"],
  cyan: ["#0a6a7a", "#0b7d90"],
  violet: ["#633ed0", "#6741d9"],
  pink: ["#b22255", "#c2255c"],
  lime: ["#416c0a", "#4b7c0b"],
};

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
    "--mantine-color-placeholder": "var(--mantine-color-gray-7)",
    ...Object.fromEntries(
      Object.entries(READABLE).flatMap(([name, [text, filled]]) => [
        [`--mantine-color-${name}-light-color`, text],
        [`--mantine-color-${name}-text`, filled],
        [`--mantine-color-${name}-filled`, filled],
        [`--mantine-color-${name}-outline`, filled],
      ]),
    ),
  },
  dark: {},
});
