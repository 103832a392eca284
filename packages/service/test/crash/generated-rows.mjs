// Deterministic deal rows for the crash test and the import benchmark: row i is always the same row, so a
// rerun feeds the import exactly what the killed run was fed. Plain JavaScript: a child `node` runs it as is.

export const OWNERS = ["ae1@gen.test", "ae2@gen.test", "ae3@gen.test", "ae4@gen.test"];
export const ACCOUNTS = 2_000;
/** Every this many rows, one names a stage the pipeline lacks, so the import rejects it. */
export const REJECT_EVERY = 1_000;

const pad = (n, w) => String(n).padStart(w, "0");

/** Whether generated row `i` (1-based) is one the import must reject. */
export const isRejected = (i) => i % REJECT_EVERY === 0;

/** Generated row `i` (1-based): a deal at one of ACCOUNTS accounts (named, created on first mention). */
export function generatedRow(i) {
  const day = 1 + (i % 28);
  const month = 1 + (i % 12);
  return {
    kind: "opportunity",
    externalId: `gen-${i}`,
    name: `Generated deal ${i}`,
    accountName: `Generated account ${i % ACCOUNTS}`,
    amount: `${(i * 7919) % 250_000},${pad(i % 1000, 3)}.${pad(i % 100, 2)}`,
    currency: i % 50 === 0 ? "USD" : "EUR",
    stage: isRejected(i) ? "Engaging" : "prospecting",
    closeDate: `2027-${pad(month, 2)}-${pad(day, 2)}`,
    owner: OWNERS[i % OWNERS.length],
  };
}

/** Rows 1…count, one at a time. */
export function* generatedRows(count) {
  for (let i = 1; i <= count; i++) yield generatedRow(i);
}

/** A workspace's set-up for generated rows: the admin who imports, and the owners the rows name. */
export async function seedGeneratedWorkspace(service, workspaceId, now) {
  const created = await service.createWorkspace(
    {
      workspaceId,
      name: "Generated",
      admin: { memberId: "m-admin", name: "Admin", email: "admin@gen.test" },
    },
    now,
  );
  if (!created.ok) throw new Error(created.error.message);
  for (const [n, email] of OWNERS.entries()) {
    const r = await service.execute(
      workspaceId,
      {
        aggregate: "member",
        id: `m-ae${n + 1}`,
        command: {
          type: "AddMember",
          memberId: `m-ae${n + 1}`,
          name: `AE ${n + 1}`,
          email,
          role: "account_executive",
          reportsTo: null,
        },
      },
      "m-admin",
      { now },
    );
    if (!r.ok) throw new Error(r.error.message);
  }
}
