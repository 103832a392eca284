// The frame of every page inside a workspace: a header with the workspace switcher and the user, a labelled
// navigation, and the page. A skip link lets keyboard users jump past the navigation.
import type { MemberId, Role } from "@accountable/domain";
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
import { notifications } from "@mantine/notifications";
import { Outlet, useNavigate, useParams, useRouterState } from "@tanstack/react-router";
import { lazy, Suspense, useEffect, useState } from "react";
import { useInbox } from "../api/inbox.ts";
import { useMe, useMembership, useSignOut } from "../api/session.ts";
import { AnchorLink, NavLinkLink } from "./links.tsx";
import { MaskedLegend, MaskedReasonsProvider } from "./masked-reasons.tsx";
import { NAV_ITEMS } from "./nav-items.ts";
import { SHORTCUTS, type ShortcutAction } from "./shortcuts.ts";
import { onPaletteRequest, paletteBusy, startTypeahead } from "./typeahead.ts";

// The palette (and the domain's schemas its forms need) loads once the page is idle, or on first use.
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
  // The palette is loaded and mounted once the page is idle, so Ctrl-K opens it at once (not after its code loads).
  const [paletteReady, setPaletteReady] = useState(false);
  const [help, setHelp] = useState(false);
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const onList = /\/lists\/([^/]+)$/.exec(pathname)?.[1];
  const otherList = onList !== undefined && !NAV_ITEMS.some((n) => n.list === decodeURIComponent(onList));

  const membership = useMembership(workspaceId);
  // A list's key opens it only when the member's role may read it (the domain's `can`, asked as the Lists page
  // asks it); otherwise the key says why and stays (a viewer's "I" opened Invoices, then its refusal). The
  // check's code (the domain) loads with the palette once the page is idle, never with the first page.
  const openList = async (list: Extract<ShortcutAction, { kind: "list" }>["list"]) => {
    if (!membership) return;
    const { LIST_VIEWS, listRefusal } = await import("../pages/lists/list-views.ts");
    const refusal = listRefusal(LIST_VIEWS[list].collection, {
      role: membership.role as Role,
      memberId: membership.memberId as MemberId,
    });
    if (refusal) {
      notifications.show({ color: "orange", title: "Not for your role", message: refusal });
      return;
    }
    void navigate({ to: "/w/$workspaceId/lists/$list", params: { workspaceId, list } });
  };

  const run = (action: ShortcutAction) => {
    // While the palette is opening or open, keys are its query, never a shortcut.
    if (action.kind !== "palette" && paletteBusy()) return;
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
        void openList(action.list);
        return;
    }
  };
  // Ctrl/Cmd-K is typeahead.ts's, on the key event itself (its listener is installed in main.tsx).
  useHotkeys(SHORTCUTS.filter((s) => s.keys !== "mod+K").map((s) => [s.keys, () => run(s.action)]));
  useEffect(() => onPaletteRequest(() => setPaletteRequest((n) => n + 1)), []);
  useEffect(() => {
    const ready = () => void import("./palette.tsx").then(() => setPaletteReady(true));
    if (typeof requestIdleCallback === "function") {
      const id = requestIdleCallback(ready, { timeout: 3000 });
      return () => cancelIdleCallback(id);
    }
    const id = setTimeout(ready, 1000);
    return () => clearTimeout(id);
  }, []);

  const options = [
    ...(me?.workspaces ?? []).map((w) => ({ value: w.id, label: w.name })),
    { value: NEW_WORKSPACE, label: "+ New workspace" },
  ];

  return (
    <AppShell
      header={{ height: 56 }}
      // Below 992 px the navigation folds behind the burger: at 768 px its 220 px left the page 530 px, and
      // tables (Tasks, Settings → Pipelines) ran past the window's edge.
      navbar={{ width: 220, breakpoint: "md", collapsed: { mobile: !opened } }}
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
              hiddenFrom="md"
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
              // Narrower below 1,200 px, where the burger also takes its place in the header; wide enough there for
              // "Northwind Group (demo)" whole (at 220 px the demo's name lost its ")" at 768 px).
              w={{ base: 236, lg: 250 }}
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
              <Kbd ml={6} size="xs" visibleFrom="md">
                Ctrl K
              </Kbd>
            </Button>
            <AnchorLink
              to="/w/$workspaceId/inbox"
              params={{ workspaceId }}
              size="sm"
              data-testid="inbox-link"
              style={{ whiteSpace: "nowrap" }}
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
            {/* At 768 px "Sign out" sat past the window's edge: the name and the key hint show from wider screens. */}
            <Text size="sm" c="dimmed" visibleFrom="lg">
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
            // "Lists" is the current entry on the lists without an entry of their own (not on Tasks or Contracts).
            {...(item.to === "/w/$workspaceId/lists"
              ? {
                  activeOptions: { exact: true },
                  ...(otherList ? { "data-active": true, "aria-current": "page" as const } : {}),
                }
              : {})}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <MaskedReasonsProvider>
          <MaskedLegend />
          <Outlet />
        </MaskedReasonsProvider>
      </AppShell.Main>
      {(paletteReady || paletteRequest > 0) && (
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
