/**
 * Min-cost max-flow by successive shortest paths (Busacker–Gowen; Ahuja, Magnanti & Orlin, Network Flows, 1993,
 * ch. 9). Shortest paths by Bellman–Ford on the residual graph, so real-valued (also negative residual) costs are
 * fine. Each augmentation along a shortest path keeps the flow of that value at minimum cost, so the result is a
 * minimum-cost flow among the maximum flows. Integer capacities give an integer flow. Sized for tens of nodes.
 */
export interface FlowEdgeInput {
  from: number;
  to: number;
  capacity: number;
  cost: number;
}

export interface FlowResult {
  flow: number;
  cost: number;
  /** flow on each input edge, same order as the input */
  edgeFlows: number[];
}

const EPS = 1e-9;

export function minCostMaxFlow(nodeCount: number, edges: readonly FlowEdgeInput[], source: number, sink: number): FlowResult {
  // residual arcs: 2k forward, 2k+1 backward
  const to: number[] = [];
  const cap: number[] = [];
  const cost: number[] = [];
  const adj: number[][] = Array.from({ length: nodeCount }, () => []);
  for (const e of edges) {
    if (!(e.capacity >= 0) || !Number.isFinite(e.cost)) throw new Error(`invalid edge ${e.from}→${e.to}`);
    adj[e.from].push(to.length); to.push(e.to); cap.push(e.capacity); cost.push(e.cost);
    adj[e.to].push(to.length); to.push(e.from); cap.push(0); cost.push(-e.cost);
  }
  let flow = 0;
  for (;;) {
    const dist = new Array<number>(nodeCount).fill(Infinity);
    const via = new Array<number>(nodeCount).fill(-1);
    dist[source] = 0;
    for (let round = 0; round < nodeCount; round++) {
      let changed = false;
      for (let u = 0; u < nodeCount; u++) {
        if (dist[u] === Infinity) continue;
        for (const a of adj[u]) {
          if (cap[a] <= 0) continue;
          const d = dist[u] + cost[a];
          if (d < dist[to[a]] - EPS) { dist[to[a]] = d; via[to[a]] = a; changed = true; }
        }
      }
      if (!changed) break;
    }
    if (dist[sink] === Infinity) break;
    let push = Infinity;
    for (let v = sink; v !== source; v = to[via[v] ^ 1]) push = Math.min(push, cap[via[v]]);
    for (let v = sink; v !== source; v = to[via[v] ^ 1]) { cap[via[v]] -= push; cap[via[v] ^ 1] += push; }
    flow += push;
  }
  const edgeFlows = edges.map((_, k) => cap[2 * k + 1]);
  return { flow, cost: edges.reduce((s, e, k) => s + e.cost * edgeFlows[k], 0), edgeFlows };
}
