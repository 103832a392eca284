import { describe, expect, it } from "vitest";
import { addBoardChunk, type BoardDeal, type BoardDeals, NO_BOARD_DEALS } from "./opportunities.ts";

const deal = (id: string, stageId: string, version = 1) => ({ id, stageId, version }) as unknown as BoardDeal;

describe("addBoardChunk", () => {
  it("draws the first pages and names the stages whose later pages are on their way", () => {
    const board = addBoardChunk(NO_BOARD_DEALS, {
      deals: [deal("a", "prospecting"), deal("b", "discovery")],
      started: ["prospecting"],
      done: [],
    });
    expect(board.deals.map((d) => d.id)).toEqual(["a", "b"]);
    expect(board.loading).toEqual(["prospecting"]);
  });

  it("adds a later page after the stage's first cards, and the stage is whole on its last page", () => {
    let board = addBoardChunk(NO_BOARD_DEALS, {
      deals: [deal("a", "prospecting"), deal("b", "discovery")],
      started: ["prospecting", "discovery"],
      done: [],
    });
    board = addBoardChunk(board, { deals: [deal("c", "prospecting")], done: [] });
    expect(board.loading).toEqual(["prospecting", "discovery"]);
    board = addBoardChunk(board, { deals: [deal("d", "prospecting")], done: ["prospecting"] });
    expect(board.deals.filter((d) => d.stageId === "prospecting").map((d) => d.id)).toEqual(["a", "c", "d"]);
    expect(board.loading).toEqual(["discovery"]);
  });

  it("keeps a card moved meanwhile as the board holds it when a later page brings it again", () => {
    const moved = deal("a", "discovery", 2);
    let board: BoardDeals = { deals: [moved, deal("b", "discovery")], loading: ["discovery"] };
    board = addBoardChunk(board, {
      deals: [deal("a", "discovery", 1), deal("c", "discovery")],
      done: ["discovery"],
    });
    expect(board.deals.map((d) => [d.id, d.version])).toEqual([
      ["a", 2],
      ["b", 1],
      ["c", 1],
    ]);
    expect(board.loading).toEqual([]);
  });
});
