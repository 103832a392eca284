import { Alert, Button, Group } from "@mantine/core";
import { errorText } from "../api/client.ts";

/** The end of an edit form: what went wrong (the form's own check, else the server's refusal), Save and Cancel. */
export function FormFooter(props: {
  readonly problem: string | null;
  readonly update: { readonly isError: boolean; readonly isPending: boolean; readonly error: unknown };
  readonly onCancel: () => void;
}) {
  const { problem, update } = props;
  return (
    <>
      {(problem || update.isError) && (
        <Alert color="red" role="alert">
          {problem ?? errorText(update.error)}
        </Alert>
      )}
      <Group>
        <Button type="submit" loading={update.isPending}>
          Save
        </Button>
        <Button variant="default" onClick={props.onCancel}>
          Cancel
        </Button>
      </Group>
    </>
  );
}
