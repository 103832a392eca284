// The frame of every page inside a workspace: a header with the workspace switcher and the user, a labelled
// navigation, and the page. A skip link lets keyboard users jump past the navigation.
import {
  AppShell,
  Badge,
  Burger,
  Button,
  Group,
  Kbd,
  Modal,
  Select,
  Table,
  Text,
  VisuallyHidden,
} from "@mantine/core";
import { useDisclosure, useHotkeys } from "@mantine/hooks";
import { Outlet, useNavigate, useParams } from "@tanstack/react-router";
import { lazy, Suspense, useEffect, useState } from "react";
import { useInbox } from "../api/inbox.ts";
import { useMe, useSignOut } from "../api/session.ts";
import { AnchorLink, NavLinkLink } from "./links.tsx";
import { MaskedLegend, MaskedReasonsProvider } from "./masked-reasons.tsx";
import { NAV_ITEMS } from "./nav-items.ts";
import { SHORTCUTS, type ShortcutAction } from "./shortcuts.ts";
import { captureTypeahead, startTypeahead } from "./typeahead.ts";

// The palette (and the domain's schemas its forms need) loads on first use.
const Palette = lazy(() => import("./palette.tsx").then((m) => ({ default: m.Palette })));

const NEW_WORKSPACE = "__new__";

export function AppLayout() {
  const { workspaceId } = useParams({ from: "/w/$workspaceId" });
  const me = useMe().data;
  const unread = useInbox(workspaceId).data?.unread ?? 0;
  const navigate = useNavigate();
  const signOut = useSignOut(() => navigate({ to: "/sign-in" }));
  const [opened, { toggle, close }] = useDisclosure();
  const [paletteRequest, setPaletteRequest] = useState(0);
  const [help, setHelp] = useState(false);

  const run = (action: ShortcutAction) => {
    switch (action.kind) {
      case "palette":
        startTypeahead();
        setPaletteRequest((n) => n + 1);
        return;
      case "help":
        setHelp(true);
        return;
      case "go":
        void navigate({ to: `/w/$workspaceId/${action.to}`, params: { workspaceId } });
        return;
      case "list":
        void navigate({ to: "/w/$workspaceId/lists/$list", params: { workspaceId, list: action.list } });
        return;
    }
  };
  useHotkeys(SHORTCUTS.map((s) => [s.keys, () => run(s.action)]));
  // Keys typed while the palette is on its way are its query (see typeahead.ts).
  useEffect(() => {
    window.addEventListener("keydown", captureTypeahead, true);
    return () => window.removeEventListener("keydown", captureTypeahead, true);
  }, []);

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
            <Button variant="default" size="sm" onClick={() => run({ kind: "palette" })} visibleFrom="sm">
              Find…{" "}
              <Kbd ml={6} size="xs">
                Ctrl K
              </Kbd>
            </Button>
            <AnchorLink
              to="/w/$workspaceId/inbox"
              params={{ workspaceId }}
              size="sm"
              data-testid="inbox-link"
              aria-label={unread === 0 ? "Inbox: nothing unread" : `Inbox: ${unread} unread`}
            >
              Inbox{" "}
              {unread > 0 && (
                <Badge size="sm" color="red" circle={unread < 10} data-testid="inbox-unread">
                  {unread}
                </Badge>
              )}
            </AnchorLink>
            <Button variant="subtle" size="sm" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">
              ?
            </Button>
            <Text size="sm" c="dimmed" visibleFrom="sm">
              {me?.user.name}
            </Text>
            <Button variant="subtle" size="sm" loading={signOut.isPending} onClick={() => signOut.mutate()}>
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
            key={item.label}
            to={item.to}
            params={{ workspaceId, list: item.list ?? "" }}
            label={item.label}
            description={item.description}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <MaskedReasonsProvider>
          <MaskedLegend />
          <Outlet />
        </MaskedReasonsProvider>
      </AppShell.Main>
      {paletteRequest > 0 && (
        <Suspense fallback={null}>
          <Palette workspaceId={workspaceId} request={paletteRequest} />
        </Suspense>
      )}
      <Modal opened={help} onClose={() => setHelp(false)} title="Keyboard shortcuts">
        <Table aria-label="Keyboard shortcuts">
          <Table.Tbody>
            {SHORTCUTS.map((s) => (
              <Table.Tr key={s.keys}>
                <Table.Td>
                  <Kbd>{s.shown}</Kbd>
                </Table.Td>
                <Table.Td>{s.what}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="sm" c="dimmed" mt="sm">
          Single keys work when the cursor is not in a field. On the board: Tab to a card, Space to pick it
          up, ← → to choose a stage, Space to drop.
        </Text>
      </Modal>
    </AppShell>
  );
}
