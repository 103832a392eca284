// Shared by the report pages that chart figures and pick dates (forecast, sales metrics).

/** The date pickers' navigation labels, in words a screen reader says. */
export const CALENDAR_LABELS = {
  previousMonth: "Previous month",
  nextMonth: "Next month",
  previousYear: "Previous year",
  nextYear: "Next year",
  previousDecade: "Previous decade",
  nextDecade: "Next decade",
  monthLevelControl: "Choose a month",
  yearLevelControl: "Choose a year",
};

/** A chart axis's numbers: 1.2 M, 340 k. */
export const compact = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 });
