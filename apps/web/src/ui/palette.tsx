// The command palette (Ctrl/Cmd-K): find any account, contact, deal, contract, brief or note by typing (the API's
// global search: typos forgiven, best first, only what the member may read), see every result on the search
// page, go to any page or list, or start any creation command (its generated form opens, under the account on
// screen). Loaded once the page is idle (or on first use), so the first page load does not carry it.
import type { AggregateType, MemberId, Role } from "@accountable/domain";
import { useDebouncedValue } from "@mantine/hooks";
import {
  createSpotlight,
  Spotlight,
  type SpotlightActionGroupData,
  type SpotlightFilterFunction,
} from "@mantine/spotlight";
import "@mantine/spotlight/styles.css";
import { useNavigate, useRouterState } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { canSearch, hitDetail, hitLink, useSearch } from "../api/search.ts";
import { useMembership } from "../api/session.ts";
import { AGGREGATE_TYPES_UI, AGGREGATE_UI, commandVariants } from "../commands/aggregates.ts";
import { commandTitle } from "../commands/command-form.tsx";
import { CommandDialog, type OpenCommand } from "../commands/command-panel.tsx";
import { roleMayEverRun } from "../commands/record-commands.ts";
import { LIST_NAMES, LIST_VIEWS, listsFor } from "../pages/lists/list-views.ts";
import { NAV_ITEMS } from "./nav-items.ts";
import { creationKeywords, keepsAction } from "./palette-filter.ts";
import { setPaletteOpen, takeTypeahead } from "./typeahead.ts";

const [store, palette] = createSpotlight();

/** An action or a group of them, as the palette's filter receives them (Mantine does not export the name). */
type SpotlightActions = Parameters<SpotlightFilterFunction>[1][number];

/** Search hits come ranked by the server (typos included): shown as they are; the rest by label and keywords. */
const filter: SpotlightFilterFunction = (query, actions) =>
  actions.flatMap((a): SpotlightActions[] => {
    if ("actions" in a) {
      const kept = a.actions.filter((action) => keepsAction(query, action));
      return kept.length ? [{ ...a, actions: kept }] : [];
    }
    return keepsAction(query, a) ? [a] : [];
  });

/** The palette; `request` grows by one each time the layout asks it to open (0: mounted, not asked yet). */
export function Palette(props: { readonly workspaceId: string; readonly request: number }) {
  const { workspaceId, request } = props;
  const [used, setUsed] = useState(false);
  const [open, setOpen] = useState<OpenCommand | null>(null);
  const navigate = useNavigate();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const [query, setQuery] = useState("");
  const [debounced] = useDebouncedValue(query, 200);
  const found = useSearch(workspaceId, used ? debounced : "", 12);
  // A previous query's hits are not shown under a new one while it is being searched ("Searching…" instead).
  const hits = canSearch(query) && !found.isPlaceholderData ? (found.data?.hits ?? []) : [];

  useEffect(() => {
    if (request > 0) {
      setUsed(true);
      // What was typed since the palette was asked for is its query (see typeahead.ts).
      setQuery(takeTypeahead(setQuery));
      palette.open();
    }
  }, [request]);

  // Enter opens the best match: when the hits arrive (after the query's first render, where "See all results"
  // came first), the first action is selected again.
  const hitsKey = hits.map((h) => `${h.kind}:${h.id}`).join(" ");
  useEffect(() => {
    if (!hitsKey) return;
    const id = requestAnimationFrame(() => {
      const list = document.querySelector(".mantine-Spotlight-actionsList");
      const actions = list?.querySelectorAll("[data-action]");
      if (!actions || actions.length === 0) return;
      list?.querySelector("[data-selected]")?.removeAttribute("data-selected");
      actions[0]!.setAttribute("data-selected", "true");
      store.updateState((s) => ({ ...s, selected: 0 }));
    });
    return () => cancelAnimationFrame(id);
  }, [hitsKey]);

  const membership = useMembership(workspaceId);
  const lists = membership
    ? listsFor({ role: membership.role as Role, memberId: membership.memberId as MemberId })
    : undefined;

  const onAccount = /\/accounts\/([^/]+)$/.exec(pathname)?.[1];
  const accountId = onAccount ? decodeURIComponent(onAccount) : undefined;

  const groups: SpotlightActionGroupData[] = [
    {
      group: "Found",
      actions: [
        ...hits.map((hit) => ({
          id: `hit:${hit.kind}:${hit.id}`,
          label: hit.title,
          description: hitDetail(hit),
          onClick: () => void navigate(hitLink(workspaceId, hit)),
        })),
        // Only beside hits: with none, the palette says "Nothing found" and shows no empty "Found" heading.
        ...(hits.length > 0
          ? [
              {
                id: "search-all",
                label: `See all results for “${query.trim()}”`,
                description: "The search page",
                onClick: () =>
                  void navigate({
                    to: "/w/$workspaceId/search",
                    params: { workspaceId },
                    search: { q: query.trim() },
                  }),
              },
            ]
          : []),
      ],
    },
    {
      group: "Go to",
      actions: [
        ...NAV_ITEMS.filter((n) => !n.list).map((n) => ({
          id: `go-${n.label}`,
          label: n.label,
          description: n.description,
          onClick: () => void navigate({ to: n.to, params: { workspaceId, list: "" } }),
        })),
        // Only the lists the member's role may open (a viewer was offered Invoices, then refused there).
        ...(lists?.open ?? LIST_NAMES).map((l) => ({
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
        // Only what the member's role may ever run (a viewer was offered every creation, then refused).
        .filter((v) => !membership || roleMayEverRun(v.aggregate, v.type, membership.role as Role))
        .map((v) => ({
          id: `cmd-${v.aggregate}-${v.type}`,
          label: commandTitle(v),
          // Found by "new" too: the buttons say "New deal", "New contact" (the command says "Create opportunity").
          keywords: creationKeywords(AGGREGATE_UI[v.aggregate].noun),
          description: accountId
            ? `A new ${AGGREGATE_UI[v.aggregate].noun} for this account`
            : `A new ${AGGREGATE_UI[v.aggregate].noun}`,
          onClick: () => setOpen({ variant: v, ...(accountId ? { prefill: { accountId } } : {}) }),
        })),
    },
  ];

  return (
    <>
      <Spotlight
        store={store}
        actions={groups}
        query={query}
        onQueryChange={setQuery}
        onSpotlightOpen={() => setPaletteOpen(true)}
        onSpotlightClose={() => setPaletteOpen(false)}
        filter={filter}
        shortcut={null}
        limit={40}
        highlightQuery
        nothingFound={canSearch(query) && found.isFetching ? "Searching…" : "Nothing found"}
        searchProps={{
          placeholder: "Find a client, a contact, a deal, a contract, a brief, a note, a page or a command…",
          "aria-label": "Find",
          // typeahead.ts hands the keys over once this field has the focus.
          ...({ "data-palette-field": "true" } as object),
          // Enter pressed before any action is selected (the hits arrived a moment ago and the selection above
          // has not run yet) opens the first one, instead of nothing: Spotlight then clicks what is selected.
          onKeyDown: (event: React.KeyboardEvent<HTMLInputElement>) => {
            if (event.key !== "Enter") return;
            const list = document.querySelector(".mantine-Spotlight-actionsList");
            if (list && !list.querySelector("[data-selected]"))
              list.querySelector("[data-action]")?.setAttribute("data-selected", "true");
          },
        }}
      />
      <CommandDialog workspaceId={workspaceId} open={open} record={null} onClose={() => setOpen(null)} />
    </>
  );
}
