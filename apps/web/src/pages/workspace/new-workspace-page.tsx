import { Alert, Button, Select, Stack, Text, TextInput } from "@mantine/core";
import { useNavigate } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { errorText } from "../../api/client.ts";
import { useCreateWorkspace } from "../../api/session.ts";
import { AuthFrame } from "../../ui/auth-frame.tsx";

const CURRENCIES = ["EUR", "USD", "GBP", "CHF", "SEK", "DKK", "NOK", "PLN", "JPY", "CAD", "AUD"];

export function NewWorkspacePage() {
  const navigate = useNavigate();
  const create = useCreateWorkspace();
  const [name, setName] = useState("");
  const [currency, setCurrency] = useState<string>("EUR");

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name, currency },
      {
        onSuccess: (ws) =>
          void navigate({ to: "/w/$workspaceId/today", params: { workspaceId: ws.id }, replace: true }),
      },
    );
  };

  return (
    <AuthFrame title="Create a workspace">
      <Text size="sm" c="dimmed">
        A workspace holds your team's accounts, pipeline and contracts. You will be its first admin.
      </Text>
      <form onSubmit={submit} aria-label="New workspace">
        <Stack>
          <TextInput
            label="Workspace name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Select
            label="Currency"
            data={CURRENCIES}
            value={currency}
            allowDeselect={false}
            onChange={(v) => setCurrency(v ?? "EUR")}
          />
          {create.isError && (
            <Alert color="red" role="alert">
              {errorText(create.error)}
            </Alert>
          )}
          <Button type="submit" loading={create.isPending}>
            Create workspace
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
