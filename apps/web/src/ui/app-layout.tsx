// The frame of every page inside a workspace: a header with the workspace switcher and the user, a labelled
// navigation, and the page. A skip link lets keyboard users jump past the navigation.
import { AppShell, Burger, Button, Group, Select, Text, VisuallyHidden } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Outlet, useNavigate, useParams } from "@tanstack/react-router";
import { useMe, useSignOut } from "../api/session.ts";
import { NavLinkLink } from "./links.tsx";
import { NAV_ITEMS } from "./nav-items.ts";

const NEW_WORKSPACE = "__new__";

export function AppLayout() {
  const { workspaceId } = useParams({ from: "/w/$workspaceId" });
  const me = useMe().data;
  const signOut = useSignOut();
  const navigate = useNavigate();
  const [opened, { toggle, close }] = useDisclosure();

  const options = [
    ...(me?.workspaces ?? []).map((w) => ({ value: w.id, label: w.name })),
    { value: NEW_WORKSPACE, label: "+ New workspace" },
  ];

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Text fw={700} size="lg">
              Accountable
            </Text>
            <Select
              aria-label="Workspace"
              data={options}
              value={workspaceId}
              allowDeselect={false}
              w={250}
              size="sm"
              onChange={(value) => {
                if (!value || value === workspaceId) return;
                if (value === NEW_WORKSPACE) void navigate({ to: "/workspaces/new" });
                else void navigate({ to: "/w/$workspaceId/today", params: { workspaceId: value } });
              }}
            />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" c="dimmed" visibleFrom="sm">
              {me?.user.name}
            </Text>
            <Button
              variant="subtle"
              size="sm"
              loading={signOut.isPending}
              onClick={() =>
                signOut.mutate(undefined, { onSuccess: () => void navigate({ to: "/sign-in" }) })
              }
            >
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        <VisuallyHidden>
          <h2>Navigation</h2>
        </VisuallyHidden>
        {NAV_ITEMS.map((item) => (
          <NavLinkLink
            key={item.to}
            to={item.to}
            params={{ workspaceId }}
            label={item.label}
            description={item.description}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
