// A secret the server hands over once (an API token, a webhook's signing secret, an invitation link): shown with
// a copy button and a word on why it must be kept now, until the person closes it.
import { Alert, Button, Code, CopyButton, Stack, Text } from "@mantine/core";

export function ShownOnce(props: {
  readonly title: string;
  readonly value: string;
  /** What to keep, in the copy button: "the token". */
  readonly what: string;
  readonly note: string;
  readonly testId: string;
  onClose(): void;
}) {
  return (
    <Alert color="green" title={props.title} withCloseButton onClose={props.onClose}>
      <Stack gap={6}>
        <Code block data-testid={props.testId}>
          {props.value}
        </Code>
        <Text size="xs">{props.note}</Text>
        <CopyButton value={props.value}>
          {({ copied, copy }) => (
            <Button size="xs" variant="light" onClick={copy} w="fit-content">
              {copied ? "Copied" : `Copy ${props.what}`}
            </Button>
          )}
        </CopyButton>
      </Stack>
    </Alert>
  );
}
