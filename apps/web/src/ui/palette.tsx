// The command palette (Ctrl/Cmd-K): find an account, a deal or a contact by typing part of its name, go to any
// page or list, or start any creation command (its generated form opens, under the account on screen). Loaded
// on first use, so the first page load does not carry it. There is no search API yet: the palette reads the
// lists (500 of each, by name) and filters them in the browser.
import type { AggregateType } from "@accountable/domain";
import { createSpotlight, Spotlight, type SpotlightActionGroupData } from "@mantine/spotlight";
import "@mantine/spotlight/styles.css";
import { useQuery } from "@tanstack/react-query";
import { useNavigate, useRouterState } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { api, unwrap } from "../api/client.ts";
import { AGGREGATE_TYPES_UI, AGGREGATE_UI, commandVariants } from "../commands/aggregates.ts";
import { commandTitle } from "../commands/command-form.tsx";
import { CommandDialog, type OpenCommand } from "../commands/command-panel.tsx";
import { LIST_NAMES, LIST_VIEWS } from "../pages/lists/list-views.ts";
import { NAV_ITEMS } from "./nav-items.ts";

const [store, palette] = createSpotlight();

function usePaletteData(workspaceId: string, enabled: boolean) {
  return useQuery({
    queryKey: ["palette", workspaceId],
    enabled,
    staleTime: 60_000,
    queryFn: async () => {
      const path = { workspaceId };
      const [accounts, deals, contacts] = await Promise.all([
        unwrap(
          api.GET("/api/workspaces/{workspaceId}/accounts", { params: { path, query: { limit: 500 } } }),
        ),
        unwrap(
          api.GET("/api/workspaces/{workspaceId}/opportunities", {
            params: { path, query: { limit: 500, status: ["open"], sort: "name" } },
          }),
        ),
        unwrap(
          api.GET("/api/workspaces/{workspaceId}/contacts", { params: { path, query: { limit: 500 } } }),
        ),
      ]);
      return { accounts: accounts.items, deals: deals.items, contacts: contacts.items };
    },
  });
}

/** The palette; `request` grows by one each time the layout asks it to open. */
export function Palette(props: { readonly workspaceId: string; readonly request: number }) {
  const { workspaceId, request } = props;
  const [used, setUsed] = useState(false);
  const [open, setOpen] = useState<OpenCommand | null>(null);
  const navigate = useNavigate();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const data = usePaletteData(workspaceId, used);

  useEffect(() => {
    if (request > 0) {
      setUsed(true);
      palette.open();
    }
  }, [request]);

  const onAccount = /\/accounts\/([^/]+)$/.exec(pathname)?.[1];
  const accountId = onAccount ? decodeURIComponent(onAccount) : undefined;
  const record = (collection: string, id: string) => () =>
    void navigate({ to: "/w/$workspaceId/records/$collection/$id", params: { workspaceId, collection, id } });

  const groups: SpotlightActionGroupData[] = [
    {
      group: "Go to",
      actions: [
        ...NAV_ITEMS.filter((n) => !n.list).map((n) => ({
          id: `go-${n.label}`,
          label: n.label,
          description: n.description,
          onClick: () => void navigate({ to: n.to, params: { workspaceId, list: "" } }),
        })),
        ...LIST_NAMES.map((l) => ({
          id: `list-${l}`,
          label: LIST_VIEWS[l].title,
          description: LIST_VIEWS[l].description,
          onClick: () =>
            void navigate({ to: "/w/$workspaceId/lists/$list", params: { workspaceId, list: l } }),
        })),
      ],
    },
    {
      group: "Commands",
      actions: AGGREGATE_TYPES_UI.filter((a): a is Exclude<AggregateType, "workspace"> => a !== "workspace")
        .flatMap((a) => commandVariants(a).filter((v) => v.creates))
        .map((v) => ({
          id: `cmd-${v.aggregate}-${v.type}`,
          label: commandTitle(v),
          description: accountId
            ? `A new ${AGGREGATE_UI[v.aggregate].noun} for this account`
            : `A new ${AGGREGATE_UI[v.aggregate].noun}`,
          onClick: () => setOpen({ variant: v, ...(accountId ? { prefill: { accountId } } : {}) }),
        })),
    },
    {
      group: "Accounts",
      actions: (data.data?.accounts ?? []).map((a) => ({
        id: `account-${a.id}`,
        label: a.name,
        description: "Account",
        onClick: () =>
          void navigate({
            to: "/w/$workspaceId/accounts/$accountId",
            params: { workspaceId, accountId: a.id },
          }),
      })),
    },
    {
      group: "Deals",
      actions: (data.data?.deals ?? []).map((d) => ({
        id: `deal-${d.id}`,
        label: d.name,
        description: "Open deal",
        onClick: record("opportunities", d.id),
      })),
    },
    {
      group: "Contacts",
      actions: (data.data?.contacts ?? []).map((c) => ({
        id: `contact-${c.id}`,
        label: c.name,
        description: c.email ?? "Contact",
        onClick: record("contacts", c.id),
      })),
    },
  ];

  return (
    <>
      <Spotlight
        store={store}
        actions={groups}
        shortcut={null}
        limit={40}
        highlightQuery
        nothingFound={data.isPending && used ? "Loading…" : "Nothing found"}
        searchProps={{
          placeholder: "Find a client, a deal, a contact, a page or a command…",
          "aria-label": "Find",
        }}
      />
      <CommandDialog workspaceId={workspaceId} open={open} record={null} onClose={() => setOpen(null)} />
    </>
  );
}
