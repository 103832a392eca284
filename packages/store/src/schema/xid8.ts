import { customType } from "drizzle-orm/pg-core";

/**
 * A PostgreSQL 64-bit transaction id (`xid8`, PostgreSQL 13+), read and written as its decimal text: it does
 * not wrap around, so it compares safely with `pg_snapshot_xmin(pg_current_snapshot())`.
 */
export const xid8 = customType<{ data: string; driverData: string }>({
  dataType: () => "xid8",
});
