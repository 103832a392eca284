// A member's saved views of the lists: a name and the list's filter and sort parameters, as the address of a
// list page (and the API's list query) carries them. The parameters are checked with the list's own options
// schema when saved, so a view always opens; each member reads and changes only their own.
import { refuse, type Timestamp } from "@accountable/domain";
import {
  countSavedViews,
  deleteSavedView,
  readSavedViews,
  type StoreDatabase,
  saveView,
} from "@accountable/store";
import { z } from "zod";
import { LIST_NAMES, LIST_OPTIONS_SCHEMAS, type ListName } from "./queries/lists.ts";
import { parseOptions, type QueryResult, queryOk, queryRefused } from "./queries/result.ts";
import { notFound } from "./refusals.ts";
import { viewerOf } from "./visibility.ts";

/** How many views one member may keep, over all lists. */
export const MAX_SAVED_VIEWS = 100;

/** Paging is not part of a view: it opens at its first page. */
const NOT_SAVED = ["limit", "cursor"] as const;

/** No control character (a NUL, a line break, …): a name or filter is one line of text. */
const noControl = (s: string) => ![...s].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);

export const SavedViewNameSchema = z
  .string()
  .trim()
  .min(1, "A view needs a name.")
  .max(80, "A view's name is at most 80 characters.")
  .refine((s) => noControl(s), "A view's name cannot hold control characters.");

export const SavedViewParamsSchema = z
  .record(
    z.string().min(1).max(60).refine(noControl, "A parameter's name cannot hold control characters."),
    z.string().max(2000).refine(noControl, "A parameter's value cannot hold control characters."),
  )
  .refine((p) => Object.keys(p).length <= 30, "A view holds at most 30 parameters.");

export const SavedViewSchema = z
  .object({
    list: z.enum(LIST_NAMES as [ListName, ...ListName[]]),
    name: z.string(),
    params: z.record(z.string(), z.string()).meta({
      description: "The list's filter and sort parameters, as its query string carries them.",
    }),
    savedAt: z.string().meta({ description: "When it was last saved (ISO 8601)." }),
  })
  .meta({ id: "SavedView", description: "A member's saved view of a list." });
export type SavedView = z.output<typeof SavedViewSchema>;

const toView = (r: { list: string; name: string; params: Readonly<Record<string, string>>; savedAt: Date }) =>
  ({
    list: r.list as ListName,
    name: r.name,
    params: { ...r.params },
    savedAt: r.savedAt.toISOString(),
  }) satisfies SavedView;

export function savedViewsOf(db: StoreDatabase, clock: () => Timestamp) {
  async function member(workspaceId: string, memberId: string) {
    const viewer = await viewerOf(db, workspaceId, memberId);
    return viewer.ok ? null : viewer.error;
  }

  return {
    /** The member's saved views, of one list or all. */
    async list(workspaceId: string, memberId: string, list?: ListName): Promise<QueryResult<SavedView[]>> {
      const refused = await member(workspaceId, memberId);
      if (refused) return queryRefused(refused);
      return queryOk((await readSavedViews(db, workspaceId, memberId, list)).map(toView));
    },

    /**
     * Saves a view of `list` under `name` (replacing the member's view of that name): its parameters must be
     * ones the list reads, with values it accepts.
     */
    async save(
      workspaceId: string,
      memberId: string,
      input: {
        readonly list: ListName;
        readonly name: string;
        readonly params: Readonly<Record<string, string>>;
      },
    ): Promise<QueryResult<SavedView & { readonly replaced: boolean }>> {
      const refused = await member(workspaceId, memberId);
      if (refused) return queryRefused(refused);
      const name = SavedViewNameSchema.safeParse(input.name);
      if (!name.success) return queryRefused(refuse.invalidInput("name", name.error.issues[0]!.message));
      const params = SavedViewParamsSchema.safeParse(input.params);
      if (!params.success)
        return queryRefused(refuse.invalidInput("params", params.error.issues[0]!.message));
      const paging = NOT_SAVED.find((k) => k in params.data);
      if (paging)
        return queryRefused(
          refuse.invalidInput(`params.${paging}`, `A view opens at its first page: leave "${paging}" out.`),
        );
      const schema = LIST_OPTIONS_SCHEMAS[input.list];
      const known = new Set(
        Object.keys(schema.shape).filter((k) => !(NOT_SAVED as readonly string[]).includes(k)),
      );
      const unknown = Object.keys(params.data).filter((k) => !known.has(k));
      if (unknown.length > 0)
        return queryRefused(
          refuse.invalidInput(
            `params.${unknown[0]}`,
            `The ${input.list} list has no filter ${unknown.map((k) => `"${k}"`).join(", ")}; it reads ${[...known].join(", ")}.`,
          ),
        );
      const checked = parseOptions(schema, params.data);
      if (!checked.ok) return queryRefused(checked.error);
      const existing = await readSavedViews(db, workspaceId, memberId, input.list);
      if (
        !existing.some((v) => v.name === name.data) &&
        (await countSavedViews(db, workspaceId, memberId)) >= MAX_SAVED_VIEWS
      )
        return queryRefused(
          refuse.invalidInput(
            "name",
            `You have ${MAX_SAVED_VIEWS} saved views, the most one member may keep: delete one first.`,
          ),
        );
      const at = new Date(clock());
      const { replaced } = await saveView(
        db,
        workspaceId,
        memberId,
        { list: input.list, name: name.data, params: params.data },
        at,
      );
      return queryOk({
        ...toView({ list: input.list, name: name.data, params: params.data, savedAt: at }),
        replaced,
      });
    },

    /** Deletes the member's view of `list` named `name`; a view they do not have is NotFound. */
    async remove(
      workspaceId: string,
      memberId: string,
      list: ListName,
      name: string,
    ): Promise<QueryResult<{ readonly deleted: true }>> {
      const refused = await member(workspaceId, memberId);
      if (refused) return queryRefused(refused);
      const named = SavedViewNameSchema.safeParse(name);
      if (!named.success) return queryRefused(refuse.invalidInput("name", named.error.issues[0]!.message));
      if (!(await deleteSavedView(db, workspaceId, memberId, list, named.data)))
        return queryRefused({
          ...notFound("saved_view", name),
          message: `You have no saved view of ${list} named "${name}".`,
        });
      return queryOk({ deleted: true as const });
    },
  };
}

export type SavedViewsService = ReturnType<typeof savedViewsOf>;
