// A member's saved views of a list, kept on the server (GET/POST/DELETE …/saved-views): one button each beside
// the presets (filled when the address holds exactly its filters), "Save view…" to keep the filters and sort
// now in the address under a name (a name used before is replaced), and × to delete one.
import { Button, CloseButton, Group, Popover, Stack, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorText, unwrap } from "../../api/client.ts";
import type { ListName } from "./list-views.ts";

const sameParams = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

export function SavedViews(props: {
  readonly workspaceId: string;
  readonly list: ListName;
  readonly params: Readonly<Record<string, string>>;
  readonly open: (params: Record<string, string>) => void;
}) {
  const { workspaceId, list, params } = props;
  const qc = useQueryClient();
  const key = ["saved-views", workspaceId, list];
  const views = useQuery({
    queryKey: key,
    queryFn: () =>
      unwrap(
        api.GET("/api/workspaces/{workspaceId}/saved-views", {
          params: { path: { workspaceId }, query: { list } },
        }),
      ),
  });
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState("");
  const save = useMutation({
    mutationFn: (viewName: string) =>
      unwrap(
        api.POST("/api/workspaces/{workspaceId}/saved-views", {
          params: { path: { workspaceId } },
          body: { list, name: viewName, params: { ...params } },
        }),
      ),
    onSuccess: (saved) => {
      setNaming(false);
      setName("");
      notifications.show({
        color: "green",
        message: saved.replaced ? `View "${saved.name}" updated.` : `View "${saved.name}" saved.`,
      });
      void qc.invalidateQueries({ queryKey: key });
    },
  });
  const remove = useMutation({
    mutationFn: (viewName: string) =>
      unwrap(
        api.DELETE("/api/workspaces/{workspaceId}/saved-views/{list}", {
          params: { path: { workspaceId, list }, query: { name: viewName } },
        }),
      ),
    onSuccess: (_, viewName) => {
      notifications.show({ message: `View "${viewName}" deleted.` });
      void qc.invalidateQueries({ queryKey: key });
    },
    onError: (e) => notifications.show({ color: "red", message: errorText(e) }),
  });

  return (
    <Group gap="xs" role="group" aria-label="Saved views">
      {(views.data?.items ?? []).map((v) => (
        <Group key={v.name} gap={0} wrap="nowrap">
          <Button
            size="xs"
            variant={sameParams(v.params, params) ? "filled" : "outline"}
            onClick={() => props.open({ ...v.params })}
          >
            {v.name}
          </Button>
          <CloseButton
            size="sm"
            aria-label={`Delete the view ${v.name}`}
            onClick={() => remove.mutate(v.name)}
          />
        </Group>
      ))}
      <Popover opened={naming} onChange={setNaming} position="bottom-start" trapFocus withArrow>
        <Popover.Target>
          <Button size="xs" variant="subtle" onClick={() => setNaming((o) => !o)}>
            Save view…
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate(name);
            }}
          >
            <Stack gap="xs" w={260}>
              <TextInput
                label="Name of the view"
                description="The filters and sort shown now, kept for you on the server."
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={save.isError ? errorText(save.error) : undefined}
                data-autofocus
              />
              {Object.keys(params).length === 0 && (
                <Text size="xs" c="dimmed">
                  No filter is set: the view will show the whole list.
                </Text>
              )}
              <Button type="submit" size="xs" loading={save.isPending}>
                Save
              </Button>
            </Stack>
          </form>
        </Popover.Dropdown>
      </Popover>
    </Group>
  );
}
